using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KeySecure.Generated.Http;
using KeySecure.Generated.WorldFirst;
using Microsoft.AspNetCore.Http;

namespace KeySecure.Sandbox.WorldFirst;

/// <summary>
/// The WorldFirst <c>queryCardSensitiveInfo</c> emulation: verifies the merchant's RSA request signature and signs
/// its responses with the sandbox's WorldFirst key.
/// </summary>
/// <remarks>
/// Asset ids steer the outcome: <c>ASSET-UNKNOWN-ONCE</c> or any id starting <c>U-</c> answers
/// <c>U UNKNOWN_EXCEPTION</c> the first time and <c>S</c> afterwards; an id <c>F-&lt;RESULT_CODE&gt;</c> answers
/// <c>F</c> with that result code; anything else answers <c>S</c> with card data derived from the id.
/// </remarks>
internal sealed class WorldFirstApi(SandboxCore core)
{
    public const string Path = "/amsin/api/v2/business/worldcard/queryCardSensitiveInfo";

    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions(JsonSerializerDefaults.General));

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();

        if (!HttpMethods.IsPost(request.Method))
        {
            await WriteAsync(http, Failure("F", "METHOD_NOT_SUPPORTED", "The server does not implement the requested HTTP method."), sign: false).ConfigureAwait(false);
            return;
        }
        var clientId = request.Headers["Client-Id"].ToString();
        if (clientId != core.Credentials.WorldFirstClientId)
        {
            await WriteAsync(http, Failure("F", "INVALID_CLIENT", "The client is invalid."), sign: false).ConfigureAwait(false);
            return;
        }
        var requestTime = request.Headers["Request-Time"].ToString();
        if (requestTime.Length == 0)
        {
            await WriteAsync(http, Failure("F", "PARAM_ILLEGAL", "Request-Time is required."), sign: false).ConfigureAwait(false);
            return;
        }
        if (!SignatureIsValid(request.Headers["Signature"].ToString(), request.Method, clientId, requestTime, body))
        {
            await WriteAsync(http, Failure("F", "INVALID_SIGNATURE", "The signature is invalid."), sign: false).ConfigureAwait(false);
            return;
        }

        string? assetId = null;
        try
        {
            assetId = JsonSerializer.Deserialize<QueryCardSensitiveInfoRequest>(body, Json)?.AssetId;
        }
        catch (JsonException)
        {
        }
        if (string.IsNullOrWhiteSpace(assetId))
        {
            await WriteAsync(http, Failure("F", "PARAM_ILLEGAL", "Illegal parameters exist: assetId is required."), sign: true).ConfigureAwait(false);
            return;
        }
        if (assetId.StartsWith("F-", StringComparison.Ordinal) && assetId.Length > 2)
        {
            await WriteAsync(http, Failure("F", assetId[2..], "Sandbox failure requested by the asset id."), sign: true).ConfigureAwait(false);
            return;
        }
        if (assetId == "ASSET-UNKNOWN-ONCE" || assetId.StartsWith("U-", StringComparison.Ordinal))
        {
            var first = core.Locked(() => core.State.WorldFirstAssetsSeen.Add(assetId), () => true);
            if (first)
            {
                await WriteAsync(http, Failure("U", "UNKNOWN_EXCEPTION", "API failed due to unknown reason."), sign: true).ConfigureAwait(false);
                return;
            }
        }
        await WriteAsync(http, CardOf(assetId), sign: true).ConfigureAwait(false);
    }

    private bool SignatureIsValid(string header, string method, string clientId, string requestTime, byte[] body)
    {
        string? algorithm = null, keyVersion = null, encoded = null;
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) return false;
            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "algorithm": algorithm = value; break;
                case "keyVersion": keyVersion = value; break;
                case "signature": encoded = value; break;
            }
        }
        if (algorithm != "RSA256" || encoded is null) return false;
        if (keyVersion != core.Credentials.KeyVersion.ToString(CultureInfo.InvariantCulture)) return false;
        var signature = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(Uri.UnescapeDataString(encoded), signature, out var length)) return false;
        var text = Text(method, clientId, requestTime, body);
        return core.MerchantKey.VerifyData(text, signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static byte[] Text(string method, string clientId, string time, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{method} {Path}\n{clientId}.{time}.");
        return [.. prefix, .. body];
    }

    private static CardSensitiveInfo Failure(string status, string code, string message) =>
        new() { Result = new Result { ResultStatus = new ResultStatus(status), ResultCode = code, ResultMessage = message } };

    /// <summary>Card data derived from the asset id, so the same asset always gives the same card.</summary>
    private CardSensitiveInfo CardOf(string assetId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(assetId));
        var digits = new StringBuilder("531993");
        for (var i = 0; digits.Length < 15; i++) digits.Append((char)('0' + (hash[i] % 10)));
        var now = core.Now;
        return new CardSensitiveInfo
        {
            Result = new Result { ResultStatus = ResultStatus.S, ResultCode = "SUCCESS", ResultMessage = "Success" },
            AssetId = assetId,
            AccountId = core.Options.WorldFirstAccountId,
            CardNo = Luhn.Complete(digits.ToString()),
            Cvv = string.Create(CultureInfo.InvariantCulture, $"{hash[20] % 10}{hash[21] % 10}{hash[22] % 10}"),
            ExpiredMonth = (hash[23] % 12 + 1).ToString("D2", CultureInfo.InvariantCulture),
            ExpiredYear = ((now.Year + 3) % 100).ToString("D2", CultureInfo.InvariantCulture),
        };
    }

    private async Task WriteAsync(HttpContext http, CardSensitiveInfo payload, bool sign)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, Json);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=UTF-8";
        if (sign)
        {
            var offset = core.DefaultZone.GetUtcOffset(core.Now);
            var responseTime = core.Now.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            var signature = core.WorldFirstKey.SignData(Text(http.Request.Method, core.Credentials.WorldFirstClientId, responseTime, body),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            response.Headers["Response-Time"] = responseTime;
            response.Headers["Signature"] =
                $"algorithm=RSA256, keyVersion={core.Credentials.KeyVersion}, signature={Uri.EscapeDataString(Convert.ToBase64String(signature))}";
        }
        await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }
}
