using System.Net.Http.Headers;
using System.Reflection;
using Refit;

namespace KeySecure.Generated.Http;

/// <summary>
/// Refit's request and response bodies, through <see cref="JsonDefaults"/>: source-generated metadata only (trim- and
/// NativeAOT-safe), and a request whose spec-required property is null fails before it is sent.
/// </summary>
internal sealed class SdkContentSerializer : IHttpContentSerializer
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public HttpContent ToHttpContent<T>(T item)
    {
        var content = new JsonBodyContent(JsonDefaults.SerializeToUtf8Bytes(item, JsonDefaults.Options));
        content.Headers.ContentType = Json;
        return content;
    }

    public Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        // A body a handler already holds in memory (every KeySecure data, every WorldFirst answer) is read straight from
        // its buffer, synchronously; KeySecure's reports the unreadable data of an applied write as
        // AppliedWriteUnreadableException rather than as a plain parse error.
        if (content is BufferedJsonContent buffered)
        {
            return Task.FromResult<T?>(buffered.Deserialize<T>(JsonDefaults.Options) ?? throw new NullResponseException());
        }
        return FromStreamAsync<T>(content, cancellationToken);
    }

    private static async Task<T?> FromStreamAsync<T>(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Every operation's response schema is an object: a null `data` is a broken answer, not an empty result.
            return await JsonDefaults.DeserializeAsync<T>(stream, JsonDefaults.Options, cancellationToken).ConfigureAwait(false)
                   ?? throw new NullResponseException();
        }
    }

    // Only used for query objects, which the generated interfaces do not take.
    public string? GetFieldNameForProperty(PropertyInfo propertyInfo) => null;

    /// <summary>The response body was JSON <c>null</c> (or the envelope had no <c>data</c>).</summary>
    internal sealed class NullResponseException() : Exception("Response was null which was not expected.");

    /// <summary>
    /// A request body the SDK serialized: its bytes are final, so a handler that must see them (the WorldFirst
    /// signature) reads <see cref="Body"/> instead of copying the content.
    /// </summary>
    internal sealed class JsonBodyContent(byte[] body) : ByteArrayContent(body)
    {
        public byte[] Body { get; } = body;
    }
}
