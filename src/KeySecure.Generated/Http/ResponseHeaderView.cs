using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace KeySecure.Generated.Http;

/// <summary>
/// The response and content headers seen as one read-only dictionary, without copying them. The generated clients
/// hand this to exceptions on their error paths; the success path never reads it, so it must cost next to nothing.
/// </summary>
internal sealed class ResponseHeaderView : IReadOnlyDictionary<string, IEnumerable<string>>
{
    private readonly HttpResponseMessage _response;

    /// <summary>Wraps a response.</summary>
    public ResponseHeaderView(HttpResponseMessage response) => _response = response;

    /// <summary>The request the response answers, so an error raised from the headers can name its operation.</summary>
    public HttpRequestMessage? Request => _response.RequestMessage;

    /// <inheritdoc />
    public IEnumerable<string> this[string key] => TryGetValue(key, out var values) ? values : throw new KeyNotFoundException(key);

    /// <inheritdoc />
    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    /// <inheritdoc />
    public IEnumerable<IEnumerable<string>> Values => this.Select(pair => pair.Value);

    /// <inheritdoc />
    public int Count
    {
        get
        {
            var count = 0;
            using var headers = GetEnumerator();
            while (headers.MoveNext()) count++;
            return count;
        }
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IEnumerable<string> value)
    {
        if (_response.Headers.TryGetValues(key, out var values) || _response.Content?.Headers.TryGetValues(key, out values) == true)
        {
            value = values;
            return true;
        }
        value = null;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, IEnumerable<string>>> GetEnumerator()
    {
        foreach (var header in _response.Headers) yield return header;
        if (_response.Content is null) yield break;
        foreach (var header in _response.Content.Headers) yield return header;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
