using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeySecure.Sandbox.Wire;
using Microsoft.AspNetCore.Http;

namespace KeySecure.Sandbox.WorldFirst;

/// <summary>
/// The WorldFirst <c>queryCardSensitiveInfo</c> emulation: verifies the merchant's RSA request signature and signs
/// its responses with the sandbox's WorldFirst key. The request and the <c>CardSensitiveInfo</c> answer are read and
/// written under the wire names of <c>openapi/worldfirst.yaml</c>.
/// </summary>
/// <remarks>
/// Asset ids steer the outcome: <c>ASSET-UNKNOWN-ONCE</c> or any id starting <c>U-</c> answers
/// <c>U UNKNOWN_EXCEPTION</c> the first time and <c>S</c> afterwards; an id <c>F-&lt;RESULT_CODE&gt;</c> answers
/// <c>F</c> with that result code; anything else answers <c>S</c> with card data derived from the id.
/// </remarks>
internal sealed class WorldFirstApi(SandboxCore core)
{
    public const string Path = "/amsin/api/v2/business/worldcard/queryCardSensitiveInfo";

    /// <summary>The operationId of <see cref="Path"/> in worldfirst.yaml.</summary>
    public const string OperationId = "QueryCardSensitiveInfo";

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

        var assetId = AssetIdOf(body);
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

    /// <summary>The request's <c>assetId</c>; null when the body is not a JSON object with a string <c>assetId</c>.</summary>
    private static string? AssetIdOf(byte[] body)
    {
        try
        {
            using var request = JsonDocument.Parse(body);
            return request.RootElement.ValueKind == JsonValueKind.Object
                && request.RootElement.TryGetProperty("assetId", out var assetId)
                && assetId.ValueKind == JsonValueKind.String
                ? assetId.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
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

    /// <summary>A <c>CardSensitiveInfo</c> with its <c>result</c> only.</summary>
    private static JsonObject Failure(string status, string code, string message) => new() { ["result"] = Result(status, code, message) };

    private static JsonObject Result(string status, string code, string message) =>
        new() { ["resultStatus"] = status, ["resultCode"] = code, ["resultMessage"] = message };

    /// <summary>Card data derived from the asset id, so the same asset always gives the same card.</summary>
    private JsonObject CardOf(string assetId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(assetId));
        var digits = new StringBuilder("531993");
        for (var i = 0; digits.Length < 15; i++) digits.Append((char)('0' + (hash[i] % 10)));
        var now = core.Now;
        return new JsonObject
        {
            ["result"] = Result("S", "SUCCESS", "Success"),
            ["assetId"] = assetId,
            ["accountId"] = core.Options.WorldFirstAccountId,
            ["cvv"] = string.Create(CultureInfo.InvariantCulture, $"{hash[20] % 10}{hash[21] % 10}{hash[22] % 10}"),
            ["cardNo"] = Luhn.Complete(digits.ToString()),
            ["expiredMonth"] = (hash[23] % 12 + 1).ToString("D2", CultureInfo.InvariantCulture),
            ["expiredYear"] = ((now.Year + 3) % 100).ToString("D2", CultureInfo.InvariantCulture),
        };
    }

    private async Task WriteAsync(HttpContext http, JsonObject payload, bool sign)
    {
        var body = WireJson.ToUtf8Bytes(payload);
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
