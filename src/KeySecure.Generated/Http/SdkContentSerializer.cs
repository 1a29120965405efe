using System.Reflection;
using Refit;

namespace KeySecure.Generated.Http;

/// <summary>
/// Refit's request and response bodies, through <see cref="JsonDefaults"/>: source-generated metadata only (trim- and
/// NativeAOT-safe), and a request whose spec-required property is null fails before it is sent.
/// </summary>
internal sealed class SdkContentSerializer : IHttpContentSerializer
{
    public HttpContent ToHttpContent<T>(T item) => new RequestBodyContent(JsonDefaults.SerializeToUtf8Bytes(item, JsonDefaults.Options));

    public Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        // A body a handler already holds in memory (every KeySecure data, every WorldFirst answer) is read straight from
        // its buffer, synchronously; KeySecure's reports the unreadable data of an applied write as
        // AppliedWriteUnreadableException rather than as a plain parse error.
        if (content is BufferedJsonContent buffered)
        {
            return Task.FromResult<T?>(buffered.Read<T>(JsonDefaults.Options));
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

}
