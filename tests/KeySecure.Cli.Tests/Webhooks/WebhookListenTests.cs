using KeySecure.Generated.Tests.Support;
using System.Text.Json.Nodes;
using KeySecure.Cli.Webhooks;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Webhooks;

namespace KeySecure.Cli.Tests.Webhooks;

/// <summary><c>keysecure webhook listen</c> driven from outside, as a merchant's platform (or the sandbox) would.</summary>
public sealed class WebhookListenTests
{
    private const string Consumption =
        """{"id":"evt_listen_1","action":"Consumption","data":{"consume_no":"CN-LISTEN-1","card_no":"CARD-L1","type":"Consumption","amount":12.50,"status":"Success"}}""";

    // The V1 signed text written out by hand (sorted keys; appId and timestamp added; numbers as they arrived): an
    // oracle independent of the SDK's signer.
    private const string ConsumptionSignedText =
        "amount=12.50&appId=" + ListenProcess.AppId + "&card_no=CARD-L1&consume_no=CN-LISTEN-1&status=Success&timestamp={timestamp}&type=Consumption";

    private const string Accepted = """{"code":0,"message":""}""";

    [Slow]
    [Fact]
    public async Task Verified_new_events_are_printed_once_refusals_are_not_and_SIGTERM_stops_it()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX signals");
        using var listen = await ListenProcess.StartAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var first = await listen.PostAsync(Consumption, ConsumptionSignedText, now);
        var again = await listen.PostAsync(Consumption, ConsumptionSignedText, now);
        var badSignature = await listen.PostAsync(Consumption, ConsumptionSignedText, now + 1, signature: new string('0', 64));
        var duplicateKeyBody = Consumption.Replace("\"status\":\"Success\"", "\"status\":\"Success\",\"status\":null", StringComparison.Ordinal);
        var duplicateKey = await listen.PostAsync(duplicateKeyBody, ConsumptionSignedText, now + 2); // the signature over the signed pairs is valid
        var tenMinutesOld = await listen.PostAsync(Consumption, ConsumptionSignedText, now - (long)TimeSpan.FromMinutes(10).TotalMilliseconds);
        var version2 = await listen.PostAsync(Consumption, ConsumptionSignedText, now + 3, signVersion: "V2");

        Assert.Equal((200, Accepted), first);
        Assert.Equal((200, Accepted), again);
        Assert.Equal((401, """{"code":401,"message":"BadSignature"}"""), badSignature);
        Assert.Equal((401, """{"code":401,"message":"DuplicateProperty: data.status appears more than once"}"""), duplicateKey);
        Assert.Equal((401, """{"code":401,"message":"StaleTimestamp"}"""), tenMinutesOld);
        Assert.Equal((401, """{"code":401,"message":"UnsupportedVersion"}"""), version2);

        listen.Process.Signal(15);
        Assert.True(await listen.Process.ExitsWithinAsync(TimeSpan.FromSeconds(5)), $"still running 5 s after SIGTERM\n{listen}");
        Assert.Equal(0, listen.Process.ExitCode);

        var line = Assert.Single(listen.StdoutLines);
        var printed = JsonNode.Parse(line)!.AsObject();
        Assert.Equal("evt_listen_1", printed["id"]!.GetValue<string>());
        Assert.Equal("Consumption", printed["action"]!.GetValue<string>());
        Assert.Equal("CN-LISTEN-1", printed["data"]!["consume_no"]!.GetValue<string>());
        Assert.Equal("12.50", printed["data"]!["amount"]!.ToJsonString());
        foreach (var reason in new[] { "BadSignature", "DuplicateProperty", "StaleTimestamp", "UnsupportedVersion", "already handled" })
        {
            Assert.Contains(reason, listen.Process.Stderr, StringComparison.Ordinal);
        }
    }

    [Slow]
    [Fact]
    public async Task Ctrl_C_stops_it_too()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX signals");
        using var listen = await ListenProcess.StartAsync();

        listen.Process.Signal(2);

        Assert.True(await listen.Process.ExitsWithinAsync(TimeSpan.FromSeconds(5)), $"still running 5 s after SIGINT\n{listen}");
        Assert.Equal(0, listen.Process.ExitCode);
        Assert.Empty(listen.StdoutLines);
    }

    [Fact]
    public async Task Without_the_credentials_in_the_environment_it_refuses_to_start()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?> { ["KEYSECURE_API_KEY"] = "AK" }, "webhook", "listen", "--port", "0");

        result.ShouldExit(ExitCodes.InvalidInput);
        Assert.Contains("KEYSECURE_API_SECRET", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Card_data_in_event_data_is_masked_unless_revealed()
    {
        const string Body = """{"card_no":"CARD-9","consume_no":"1234567890123456789","pan":"4111111111111111","cvv":"123","detail":{"n":"5500 0000 0000 0004","list":["4111111111111111"]},"amount":12.5}""";
        using var document = System.Text.Json.JsonDocument.Parse(Body);
        var webhookEvent = new KeySecureWebhookEvent("e1", new WebhookAction("Refund_detail"), null, DateTimeOffset.UnixEpoch, document.RootElement);

        var masked = Print(webhookEvent, reveal: false)["data"]!;
        var revealed = Print(webhookEvent, reveal: true)["data"]!;

        Assert.Equal("CARD-9", masked["card_no"]!.GetValue<string>());
        Assert.Equal("1234567890123456789", masked["consume_no"]!.GetValue<string>());
        Assert.Equal("411111******1111", masked["pan"]!.GetValue<string>());
        Assert.Equal("***", masked["cvv"]!.GetValue<string>());
        Assert.Equal("550000******0004", masked["detail"]!["n"]!.GetValue<string>());
        Assert.Equal("411111******1111", masked["detail"]!["list"]![0]!.GetValue<string>());
        Assert.Equal("12.5", masked["amount"]!.ToJsonString());
        Assert.Equal(JsonNode.Parse(Body)!.ToJsonString(), revealed.ToJsonString());
    }

    [Fact]
    public void The_unsigned_id_and_action_are_printed_only_through_the_printable_filter()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"card_no":"CARD-9","after_status":"Frozen"}""");
        var webhookEvent = new KeySecureWebhookEvent("evt\n{\"forged\":1}\u001b[2J\u202e", new WebhookAction("Card_update\r"), null, DateTimeOffset.UnixEpoch, document.RootElement);

        var printed = Print(webhookEvent, reveal: true);

        Assert.Equal("evt?{?forged?:1}?[2J?", printed["id"]!.GetValue<string>());
        Assert.Equal("Card_update?", printed["action"]!.GetValue<string>());
    }

    private static JsonObject Print(KeySecureWebhookEvent webhookEvent, bool reveal)
    {
        var stdout = new StringWriter();
        new WebhookEventPrinter(stdout, reveal).Print(webhookEvent);
        return JsonNode.Parse(stdout.ToString())!.AsObject();
    }
}
