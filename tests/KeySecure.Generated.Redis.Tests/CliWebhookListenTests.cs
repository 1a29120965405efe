using KeySecure.Generated.Tests.Support;
using System.Text.Json.Nodes;
using KeySecure.Cli.Tests.Webhooks;
using KeySecure.Generated.Redis.Tests.Infrastructure;

namespace KeySecure.Generated.Redis.Tests;

/// <summary>Two <c>keysecure webhook listen</c> processes sharing one Garnet server through <c>KEYSECURE_REDIS</c>.</summary>
[Slow]
public sealed class CliWebhookListenTests : IDisposable
{
    private const string Consumption =
        """{"id":"evt_fleet_1","action":"Consumption","data":{"consume_no":"CN-FLEET-1","card_no":"CARD-F1","type":"Consumption","amount":12.50,"status":"Success"}}""";

    // The V1 signed text written out by hand (sorted keys; appId and timestamp added): independent of the SDK's signer.
    private const string SignedText =
        "amount=12.50&appId=" + ListenProcess.AppId + "&card_no=CARD-F1&consume_no=CN-FLEET-1&status=Success&timestamp={timestamp}&type=Consumption";

    private readonly GarnetInstance _redis = new();

    [Fact]
    public async Task Two_listeners_print_one_delivery_once_and_a_copy_relabelled_with_an_unknown_action_does_not_stop_the_genuine_one()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX signals");
        var settings = new Dictionary<string, string> { ["KEYSECURE_REDIS"] = _redis.Configuration };
        using var a = await ListenProcess.StartAsync(settings);
        using var b = await ListenProcess.StartAsync(settings);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // One delivery reaching both listeners several times at once, as a platform retrying through a load balancer.
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).PostAsync(Consumption, SignedText, now)));
        // A later delivery: a captured copy relabelled with an invented action arrives first, then the genuine one.
        // (The id is not signed: each post names its own, so the printed lines tell them apart.)
        var relabelled = Consumption
            .Replace("\"action\":\"Consumption\"", "\"action\":\"Consumption_reversed\"", StringComparison.Ordinal)
            .Replace("evt_fleet_1", "evt_fleet_copy", StringComparison.Ordinal);
        var copy = await a.PostAsync(relabelled, SignedText, now + 1);
        var genuine = await b.PostAsync(Consumption.Replace("evt_fleet_1", "evt_fleet_2", StringComparison.Ordinal), SignedText, now + 1);

        foreach (var listener in new[] { a, b }) listener.Process.Signal(15);
        foreach (var listener in new[] { a, b })
        {
            Assert.True(await listener.Process.ExitsWithinAsync(TimeSpan.FromSeconds(10)), $"still running 10 s after SIGTERM\n{listener}");
        }

        Assert.All(replies, reply => Assert.Contains(reply.Status, new[] { 200, 409 }));
        Assert.Equal(200, copy.Status);
        Assert.Equal(200, genuine.Status);
        var printed = a.StdoutLines.Concat(b.StdoutLines)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Select(e => $"{e["id"]!.GetValue<string>()} {e["action"]!.GetValue<string>()}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(
            printed.SequenceEqual(["evt_fleet_1 Consumption", "evt_fleet_2 Consumption", "evt_fleet_copy Consumption_reversed"]),
            $"printed: {string.Join(", ", printed)}\n--- a ---\n{a}\n--- b ---\n{b}");
        Assert.Contains("Replay records are shared through Redis (KEYSECURE_REDIS).", a.Process.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _redis.Dispose();
}
