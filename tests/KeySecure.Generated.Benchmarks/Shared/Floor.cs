using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeySecure.Generated.Benchmarks.Shared;

// The floor: what a careful hand-written client costs. HttpClient, a source-generated System.Text.Json context, the
// same headers (Accept, Api-Key, Timestamp, Access-Token), the same bytes, envelope and data parsed. No retries, no
// timeouts, no logging, no validation: the least any client can do.

public sealed class FloorEnvelope<T>
{
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("msg")] public string? Msg { get; set; }
    [JsonPropertyName("data")] public T? Data { get; set; }
}

public sealed class FloorFeeDetail
{
    [JsonPropertyName("consume_rate")] public string? ConsumeRate { get; set; }
    [JsonPropertyName("open_cost")] public string? OpenCost { get; set; }
    [JsonPropertyName("cross_consume_rate")] public string? CrossConsumeRate { get; set; }
    [JsonPropertyName("small_consume_threshold")] public string? SmallConsumeThreshold { get; set; }
}

public sealed class FloorCardDetail
{
    [JsonPropertyName("card_no")] public string? CardNo { get; set; }
    [JsonPropertyName("card_unique_no")] public string? CardUniqueNo { get; set; }
    [JsonPropertyName("cardholder_no")] public string? CardholderNo { get; set; }
    [JsonPropertyName("card_name")] public string? CardName { get; set; }
    [JsonPropertyName("package_name_en")] public string? PackageNameEn { get; set; }
    [JsonPropertyName("package_name_cn")] public string? PackageNameCn { get; set; }
    [JsonPropertyName("card_type")] public string? CardType { get; set; }
    [JsonPropertyName("organization")] public string? Organization { get; set; }
    [JsonPropertyName("card_last_no")] public string? CardLastNo { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("time")] public string? Time { get; set; }
    [JsonPropertyName("fee_detail")] public FloorFeeDetail? FeeDetail { get; set; }
}

public sealed class FloorApplyCardRequest
{
    [JsonPropertyName("cardholder_no")] public string CardholderNo { get; set; } = "";
    [JsonPropertyName("card_unique_no")] public string CardUniqueNo { get; set; } = "";
    [JsonPropertyName("package_no")] public string? PackageNo { get; set; }
    [JsonPropertyName("card_type")] public string CardType { get; set; } = "";
}

public sealed class FloorApplyCardResult
{
    [JsonPropertyName("card_no")] public string? CardNo { get; set; }
    [JsonPropertyName("card_unique_no")] public string? CardUniqueNo { get; set; }
}

public sealed class FloorToken
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expired_time")] public long? ExpiredTime { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FloorEnvelope<FloorCardDetail>))]
[JsonSerializable(typeof(FloorEnvelope<FloorApplyCardResult>))]
[JsonSerializable(typeof(FloorEnvelope<FloorToken>))]
[JsonSerializable(typeof(FloorApplyCardRequest))]
public sealed partial class FloorJson : JsonSerializerContext;

/// <summary>The hand-written floor client (also the "raw HttpClient" of the loopback scenario).</summary>
public sealed class FloorClient(HttpClient http, string apiKey)
{
    private static readonly MediaTypeWithQualityHeaderValue Accept = new("application/json");
    private string? _token;

    public async Task WarmUpAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "merchant/token");
        Stamp(request, token: null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        var envelope = await ReadAsync(response, FloorJson.Default.FloorEnvelopeFloorToken, ct).ConfigureAwait(false);
        _token = envelope.AccessToken ?? throw new InvalidOperationException("no token");
    }

    public async Task<FloorCardDetail> GetCardDetailAsync(string cardNo, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "card/" + Uri.EscapeDataString(cardNo) + "/detail");
        Stamp(request, _token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        return await ReadAsync(response, FloorJson.Default.FloorEnvelopeFloorCardDetail, ct).ConfigureAwait(false);
    }

    public async Task<FloorApplyCardResult> ApplyCardAsync(FloorApplyCardRequest body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "card/apply");
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, FloorJson.Default.FloorApplyCardRequest));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content = content;
        Stamp(request, _token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        return await ReadAsync(response, FloorJson.Default.FloorEnvelopeFloorApplyCardResult, ct).ConfigureAwait(false);
    }

    private void Stamp(HttpRequestMessage request, string? token)
    {
        var headers = request.Headers;
        headers.Accept.Add(Accept);
        headers.TryAddWithoutValidation("Api-Key", apiKey);
        headers.TryAddWithoutValidation("Timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        if (token is not null) headers.TryAddWithoutValidation("Access-Token", token);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<FloorEnvelope<T>> type, CancellationToken ct)
        where T : class
    {
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var envelope = await JsonSerializer.DeserializeAsync(stream, type, ct).ConfigureAwait(false)
            ?? throw new JsonException("empty envelope");
        if (envelope.Code != 0) throw new InvalidOperationException($"code {envelope.Code}: {envelope.Msg}");
        return envelope.Data ?? throw new JsonException("no data");
    }
}
