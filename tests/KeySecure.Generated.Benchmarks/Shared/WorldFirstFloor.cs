using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeySecure.Generated.Benchmarks.Shared;

// The floor for a WorldFirst call: what a careful hand-written client must do at least. Sign
// "<METHOD> <path>\n<Client-Id>.<Request-Time>.<body>" with RSA-2048 SHA256/PKCS#1, send Client-Id, Request-Time and
// Signature, verify the response's Signature over its Response-Time and raw body, parse the body into a typed object.
// No result-code mapping, no unknown-result polling, no retries, no redaction.

public sealed class FloorWorldFirstResult
{
    [JsonPropertyName("resultStatus")] public string? ResultStatus { get; set; }
    [JsonPropertyName("resultCode")] public string? ResultCode { get; set; }
    [JsonPropertyName("resultMessage")] public string? ResultMessage { get; set; }
}

public sealed class FloorCardSensitiveInfo
{
    [JsonPropertyName("result")] public FloorWorldFirstResult? Result { get; set; }
    [JsonPropertyName("assetId")] public string? AssetId { get; set; }
    [JsonPropertyName("accountId")] public string? AccountId { get; set; }
    [JsonPropertyName("cvv")] public string? Cvv { get; set; }
    [JsonPropertyName("cardNo")] public string? CardNo { get; set; }
    [JsonPropertyName("expiredMonth")] public string? ExpiredMonth { get; set; }
    [JsonPropertyName("expiredYear")] public string? ExpiredYear { get; set; }
}

public sealed class FloorSensitiveInfoQuery
{
    [JsonPropertyName("assetId")] public string AssetId { get; set; } = "";
}

[JsonSerializable(typeof(FloorCardSensitiveInfo))]
[JsonSerializable(typeof(FloorSensitiveInfoQuery))]
public sealed partial class FloorWorldFirstJson : JsonSerializerContext;

public sealed class WorldFirstFloorClient(HttpClient http, string clientId, RSA merchantKey, RSA worldFirstKey)
{
    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");

    public async Task<FloorCardSensitiveInfo> QueryCardSensitiveInfoAsync(FloorSensitiveInfoQuery query, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(query, FloorWorldFirstJson.Default.FloorSensitiveInfoQuery);
        var requestTime = DateTimeOffset.Now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var signature = merchantKey.SignData(Text("POST", WorldFirstCanned.Path, requestTime, body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        using var request = new HttpRequestMessage(HttpMethod.Post, WorldFirstCanned.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation("Client-Id", clientId);
        request.Headers.TryAddWithoutValidation("Request-Time", requestTime);
        request.Headers.TryAddWithoutValidation("Signature", "algorithm=RSA256, keyVersion=1, signature=" + Uri.EscapeDataString(Convert.ToBase64String(signature)));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"HTTP {(int)response.StatusCode}");

        var received = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var responseTime = response.Headers.NonValidated["Response-Time"].ToString();
        var header = response.Headers.NonValidated["Signature"].ToString();
        var encoded = header[(header.IndexOf("signature=", StringComparison.Ordinal) + "signature=".Length)..];
        if (!worldFirstKey.VerifyData(Text("POST", WorldFirstCanned.Path, responseTime, received), Convert.FromBase64String(Uri.UnescapeDataString(encoded)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            throw new CryptographicException("response signature mismatch");
        }
        return JsonSerializer.Deserialize(received, FloorWorldFirstJson.Default.FloorCardSensitiveInfo) ?? throw new JsonException("empty body");
    }

    private byte[] Text(string method, string path, string time, byte[] body) =>
        [.. Encoding.UTF8.GetBytes($"{method} {path}\n{clientId}.{time}."), .. body];
}
