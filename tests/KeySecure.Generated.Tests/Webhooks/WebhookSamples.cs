using System.Text;
using System.Text.Json;
using KeySecure.Generated.Tests.Support;
using KeySecure.Generated.Webhooks;

namespace KeySecure.Generated.Tests.Webhooks;

/// <summary>Sample notifications and a signer for the webhook tests.</summary>
internal static class WebhookSamples
{
    public const string AppId = "AK_test_merchant";
    public const string Secret = "0123456789abcdef0123456789abcdef";

    /// <summary>2023-11-14T22:13:20Z.</summary>
    public const string Timestamp = "1700000000000";

    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    public const string AuthBody = """
        {"id":"evt_auth_1","action":"Auth","data":{"consume_no":"CN1001","card_no":"CARD_77","cardholder_no":"CH_5","type":"Consumption","amount":25.10,"local_amount":180.3,"local_currency":"CNY","merchant_info":{"merchant_name":"Corner Shop","merchant_mcc":"5411","city":"Lyon","country":"FR"},"status":"Pending","time":"2024-01-02 03:04:05"}}
        """;

    public const string ConsumptionBody = """
        {"id":"evt_cons_1","action":"Consumption","data":{"consume_no":"CN2002","consume_relate_no":null,"card_no":"CARD_77","cardholder_no":"CH_5","type":"Refund","amount":12.50,"local_amount":90,"local_currency":"CNY","fee":0.5,"fee_detail":[{"fee_type":"Auth_fee","amount":0.5}],"remark":"","detail":{"k":"v"},"status":"Success","time":"2024-01-02 03:04:05","merchant_info":{"merchant_name":"Corner Shop","merchant_mcc":"5411","city":"Lyon","country":"FR"}}}
        """;

    public const string CardUpdateBody = """
        {"id":"evt_card_1","action":"Card_update","data":{"card_no":"CARD_77","before_status":"Activated","after_status":"Frozen","reason":"risk","time":"2024-01-02 03:04:05"}}
        """;

    public const string UnknownBody = """
        {"id":"evt_new_1","action":"Chargeback","data":{"case_no":"CB9","amount":3}}
        """;

    public static WebhookOptions Options() => new() { AppId = AppId, Secret = Secret };

    public static WebhookVerifier Verifier(TimeProvider? time = null) =>
        new(Options(), time ?? new TestClock(Now));

    /// <summary>The signature of a body's data as the platform would send it.</summary>
    public static string Sign(string body, string timestamp = Timestamp, string appId = AppId, string secret = Secret)
    {
        using var document = JsonDocument.Parse(body);
        var data = document.RootElement.TryGetProperty("data", out var element) ? element : default;
        return WebhookSignature.ComputeHex(appId, timestamp, data, secret);
    }

    public static byte[] Bytes(string body) => Encoding.UTF8.GetBytes(body);
}
