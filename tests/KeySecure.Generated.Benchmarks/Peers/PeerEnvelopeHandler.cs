using System.Net.Http.Headers;
using System.Text.Json;

namespace KeySecure.Generated.Benchmarks.Peers;

/// <summary>
/// What a user of a generated client (Kiota, plain Refit) writes once the spec tells them every body is
/// <c>{ "code", "msg", "data" }</c> and the <c>200</c> schema describes <c>data</c> alone: read the body, fail on a
/// non-zero <c>code</c>, hand the generated client a content over <c>data</c>. Written carefully (one read, a slice of
/// the same array, no DOM) so the peers are not handicapped; no typed errors, no redaction, no clock learning.
/// </summary>
public sealed class PeerEnvelopeHandler : DelegatingHandler
{
    public PeerEnvelopeHandler(HttpMessageHandler inner) : base(inner)
    {
    }

    /// <summary>For pipelines that chain handlers themselves (Kiota's middleware list).</summary>
    public PeerEnvelopeHandler()
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await UnwrapAsync(await base.SendAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The response with its content replaced by the envelope's <c>data</c>; throws on a non-zero <c>code</c>.</summary>
    public static async Task<HttpResponseMessage> UnwrapAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) return response;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var (code, message, dataStart, dataLength) = Read(body);
        if (code != 0) throw new HttpRequestException($"Provider code {code}: {message}");
        var data = new ByteArrayContent(body, dataStart, dataLength);
        data.Headers.ContentType = response.Content.Headers.ContentType ?? new MediaTypeHeaderValue("application/json");
        response.Content.Dispose();
        response.Content = data;
        return response;
    }

    private static (int Code, string? Message, int DataStart, int DataLength) Read(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        int code = -1, dataStart = 0, dataLength = 0;
        string? message = null;
        reader.Read(); // StartObject
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8)) { reader.Read(); code = reader.GetInt32(); }
            else if (reader.ValueTextEquals("msg"u8)) { reader.Read(); message = reader.GetString(); }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                dataStart = (int)reader.TokenStartIndex;
                reader.Skip();
                dataLength = (int)reader.BytesConsumed - dataStart;
            }
            else { reader.Read(); reader.Skip(); }
        }
        return (code, message, dataStart, dataLength);
    }
}

/// <summary>
/// The headers every call needs (<c>Accept</c>, <c>Api-Key</c>, a fresh <c>Timestamp</c>, <c>Access-Token</c>), as
/// a plain Refit user adds them to an interface that declares none (the spec declares none): one DelegatingHandler.
/// The token is the one the benchmark's floor fetched; a peer has no refresh logic.
/// </summary>
public sealed class PeerHeadersHandler(HttpMessageHandler inner, string apiKey, string token) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        headers.TryAddWithoutValidation("Api-Key", apiKey);
        headers.TryAddWithoutValidation("Timestamp", PeerStamp.Now());
        headers.TryAddWithoutValidation("Access-Token", token);
        return base.SendAsync(request, cancellationToken);
    }
}

internal static class PeerStamp
{
    public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
