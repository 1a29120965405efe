using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KeySecure.Cli.Tests.Sandbox;

/// <summary>Runs the full sandbox tour once (with its state kept in a file, to learn the secrets it must not print).</summary>
public sealed class TourRunFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ks-cli-tour-").FullName;

    public CliResult Result { get; private set; } = null!;

    /// <summary>The sandbox state the tour left behind: credentials, cards (PAN, CVV).</summary>
    public JsonObject State { get; private set; } = null!;

    /// <summary>
    /// A deadline on the wait, not a measurement: the tour fast-forwards its clock through WorldFirst's five-minute
    /// polling, so a tour still running after this long is waiting on the real clock somewhere.
    /// </summary>
    private static readonly TimeSpan TourDeadline = TimeSpan.FromMinutes(3);

    public async ValueTask InitializeAsync()
    {
        var stateFile = Path.Combine(_directory, "state.json");
        try
        {
            Result = await CliRun.RunAsync(new Dictionary<string, string?>(), "tour", "--state-file", stateFile).WaitAsync(TourDeadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The tour did not finish within {TourDeadline}: something waits on the real clock instead of the tour's fast-forward clock.");
        }
        State = JsonNode.Parse(await File.ReadAllTextAsync(stateFile))!.AsObject();
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class TourTests(TourRunFixture tour) : IClassFixture<TourRunFixture>
{
    private static readonly string[] ExpectedSteps =
    [
        "webhook-receiver", "sandbox", "token", "cardholder", "card-packages", "virtual-card", "physical-card", "card-detail",
        "private-info", "activation", "pin-weak", "pin", "authorization", "consumption", "consumption-list", "freeze", "transfer",
        "worldfirst-sensitive-info",
    ];

    [Fact]
    public void The_tour_exits_0_and_summarises_every_step_as_ok()
    {
        tour.Result.ShouldExit(0);
        var summary = tour.Result.Json();
        Assert.True((bool?)summary["ok"]);
        Assert.Equal("sandbox", (string?)summary["mode"]);
        var steps = summary["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(ExpectedSteps, steps.Select(s => (string?)s["name"]));
        Assert.All(steps, s => Assert.True((bool?)s["ok"], s.ToJsonString()));
    }

    [Fact]
    public void The_tour_receives_and_verifies_the_webhooks_and_shows_U_then_S()
    {
        var steps = tour.Result.Json()["steps"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => s!["ids"]!.AsObject());
        foreach (var step in new[] { "authorization", "consumption", "freeze", "activation" })
        {
            Assert.True((bool?)steps[step]["webhook_verified"], step);
        }
        Assert.Equal(2, (int?)steps["worldfirst-sensitive-info"]["attempts"]);
        Assert.Equal("S", (string?)steps["worldfirst-sensitive-info"]["result_status"]);
        Assert.Equal("Frozen", (string?)steps["freeze"]["status"]);
        Assert.Contains("attempt 1: U UNKNOWN_EXCEPTION", tour.Result.Stderr);
        Assert.Contains("signature verified", tour.Result.Stderr);
    }

    [Fact]
    public void The_tour_never_prints_the_secret_a_token_a_pan_or_a_cvv()
    {
        var output = tour.Result.All;
        var credentials = tour.State["Credentials"]!.AsObject();
        var secret = (string)credentials["ApiSecret"]!;
        Assert.DoesNotContain(secret, output);
        Assert.DoesNotContain("PRIVATE KEY", output);
        Assert.DoesNotContain("sbx_at_", output); // every sandbox access token starts so

        var cards = tour.State["Cards"]!.AsObject().Select(c => c.Value!.AsObject()).ToList();
        Assert.NotEmpty(cards);
        foreach (var card in cards)
        {
            var pan = (string)card["Pan"]!;
            var cvv = (string)card["Cvv"]!;
            Assert.DoesNotContain(pan, output);
            Assert.DoesNotContain(pan[6..^4], output); // not even the hidden middle digits
            Assert.DoesNotMatch(new Regex($@"(?i)cvv\W{{0,6}}{cvv}\b"), output);
        }
        // Nothing that looks like a full card number at all.
        Assert.DoesNotMatch(new Regex(@"(?<!\w)\d{13,19}(?!\w)"), output);
        // The summary's ids hold no card data.
        var ids = JsonSerializer.Serialize(tour.Result.Json()["steps"]);
        Assert.DoesNotContain("\"pan\"", ids);
        Assert.DoesNotContain("\"cvv\"", ids);
    }
}
