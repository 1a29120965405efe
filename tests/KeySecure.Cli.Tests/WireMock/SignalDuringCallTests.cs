using KeySecure.Generated.Tests.Support;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using KeySecure.Cli.Tests.Process;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Cli.Tests.WireMock;

/// <summary>
/// A signal while a command is in its SDK call: a read ends at once; a call that changes state is given a grace to
/// bring back its answer, and a command that cannot know the answer says so with exit 6. The provider's answer is held
/// by the test (<see cref="HeldAnswer"/>) and the grace runs on the command's hand-moved clock, so nothing here waits
/// on real time except the one process test.
/// </summary>
/// <remarks>
/// Tests with the trait <c>Depends=SdkCallCanceledException</c> need the SDK to throw <c>CallCanceledException</c>
/// when the caller's token cancels a write after it may have been sent; until it does, such a write ends as a plain
/// cancellation (130).
/// </remarks>
[Collection(WireMockCollection.Name)]
public sealed class SignalDuringCallTests(WireMockServer server) : CliWireMockTest(server)
{
    private const string StatusPath = "/card/status/update";
    private const string Applied = """{"code":0,"msg":"success","data":{"result":true}}""";
    private const string Refused = """{"code":4005,"msg":"card status error","data":null}""";
    private static readonly string[] StatusCommand = ["card", "status", "--card-no", TestData.CardNo, "--status", "frozen"];
    private static readonly string DetailPath = $"/card/{TestData.CardNo}/detail";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetToken");
    }

    [Fact]
    public async Task A_status_change_answered_after_the_signal_exits_0_with_its_result_and_was_sent_once()
    {
        await using var call = await InFlightAsync("POST", StatusPath, StatusCommand);
        var (held, command) = (call.Held, call.Command);

        command.Signal(PosixSignal.SIGINT);
        await command.WaitForStderrAsync("Waiting up to 4 s for the provider's answer to UpdateCardStatus");
        held.Answer(Applied);

        var result = (await command.ExitedAsync()).ShouldExit(ExitCodes.Success);
        Assert.True((bool?)result.Json()["result"]);
        Assert.Equal("Frozen", (string?)result.Json()["status"]);
        Assert.Contains("UpdateCardStatus answered in time", result.Stderr);
        Assert.Equal(1, held.Received);
        Assert.Empty(command.ProcessExits);
    }

    [Fact]
    public async Task A_status_change_refused_by_the_provider_after_the_signal_exits_3_with_the_providers_code()
    {
        await using var call = await InFlightAsync("POST", StatusPath, StatusCommand);
        var (held, command) = (call.Held, call.Command);

        command.Signal(PosixSignal.SIGINT);
        await command.WaitForStderrAsync("Waiting up to 4 s");
        held.Answer(Refused);

        var result = (await command.ExitedAsync()).ShouldExit(ExitCodes.ProviderError);
        Assert.Contains("KeySecure answered code 4005", result.Stderr);
        Assert.Equal(1, held.Received);
    }

    [Theory]
    [InlineData(PosixSignal.SIGINT, 4)]
    [InlineData(PosixSignal.SIGTERM, 3)]
    [Trait("Depends", "SdkCallCanceledException")]
    public async Task A_status_change_unanswered_when_the_grace_runs_out_exits_6_saying_how_to_read_it_back_and_was_sent_once(PosixSignal signal, int graceSeconds)
    {
        await using var call = await InFlightAsync("POST", StatusPath, StatusCommand);
        var (held, command) = (call.Held, call.Command);

        command.Signal(signal);
        await command.WaitForStderrAsync($"Waiting up to {graceSeconds} s for the provider's answer to UpdateCardStatus");
        command.Clock.Advance(TimeSpan.FromSeconds(graceSeconds));

        var result = (await command.ExitedAsync()).ShouldExit(ExitCodes.OutcomeUnknown);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("outcome is unknown", result.Stderr);
        Assert.Contains("GetCardDetail", result.Stderr); // how to read it back
        Assert.Equal(1, held.Received);
        Assert.Empty(command.ProcessExits);
    }

    [Fact]
    [Trait("Depends", "SdkCallCanceledException")]
    public async Task A_second_signal_during_the_grace_cancels_the_status_change_and_the_command_itself_exits_6()
    {
        await using var call = await InFlightAsync("POST", StatusPath, StatusCommand);
        var (held, command) = (call.Held, call.Command);

        command.Signal(PosixSignal.SIGINT);
        await command.WaitForStderrAsync("Waiting up to 4 s");
        command.Signal(PosixSignal.SIGINT); // the clock does not move: only the second signal ends the wait

        var result = (await command.ExitedAsync()).ShouldExit(ExitCodes.OutcomeUnknown);
        Assert.Contains("cancelling the call in flight", result.Stderr);
        Assert.Contains("outcome is unknown", result.Stderr);
        Assert.Equal(1, held.Received);
        Assert.Empty(command.ProcessExits); // it ended by itself, not by the second signal's deadline
    }

    [Theory]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    public async Task Card_detail_ends_at_once_on_a_signal_with_130(PosixSignal signal)
    {
        await using var call = await InFlightAsync("GET", DetailPath, ["card", "detail", TestData.CardNo]);
        var (held, command) = (call.Held, call.Command);

        command.Signal(signal); // the clock does not move: a read that waited for a grace would never end

        var result = (await command.ExitedAsync()).ShouldExit(ExitCodes.Cancelled);
        Assert.DoesNotContain("Waiting up to", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(1, held.Received);
    }

    [Fact]
    public async Task A_status_change_stopped_before_it_was_sent_is_never_sent_and_exits_130()
    {
        using var held = await HeldAnswer.StubAsync(WireMock, "POST", StatusPath);
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = await CliApp.RunAsync(StatusCommand, stdout, stderr, KeySecureEnv(), stopped.Token);

        Assert.True(exitCode == ExitCodes.Cancelled, $"exit {exitCode}\n{stderr}");
        Assert.Contains("UpdateCardStatus (POST /card/status/update) ...", stderr.ToString()); // the command ran up to its call
        Assert.DoesNotContain("Waiting up to", stderr.ToString());
        Assert.Equal(0, held.Received);
    }

    [Slow]
    [Fact]
    [UnsupportedOSPlatform("windows")]
    [Trait("Depends", "SdkCallCanceledException")]
    public async Task Card_status_in_the_background_exits_6_within_five_seconds_of_SIGTERM_when_its_answer_never_comes()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Skip("POSIX signals");
        const int sigTerm = 15;
        using var held = await HeldAnswer.StubAsync(WireMock, "POST", StatusPath);
        using var process = KeysecureProcess.Start(KeySecureEnv(), stdin: null, StatusCommand);
        await held.ArrivedAsync(TimeSpan.FromSeconds(60)); // a cold start on a busy machine

        process.Signal(sigTerm);

        Assert.True(await process.ExitsWithinAsync(TimeSpan.FromSeconds(5)), $"still running 5 s after SIGTERM\n{process}");
        Assert.True(process.ExitCode == ExitCodes.OutcomeUnknown, $"exit {process.ExitCode}\n{process}");
        Assert.Contains("Waiting up to 3 s", process.Stderr);
        Assert.Equal(1, held.Received);
    }

    /// <summary>Starts the command with the provider's answer to <paramref name="method"/> <paramref name="path"/> held, once its request has arrived.</summary>
    private async Task<CallInFlight> InFlightAsync(string method, string path, string[] args)
    {
        var held = await HeldAnswer.StubAsync(WireMock, method, path);
        var command = RunningCommand.Start(KeySecureEnv(), args);
        var call = new CallInFlight(held, command);
        try
        {
            await held.ArrivedAsync();
            return call;
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command whose call reached the provider and waits for the answer the test holds.</summary>
    private sealed record CallInFlight(HeldAnswer Held, RunningCommand Command) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Command.DisposeAsync(); // signals it until it has ended, then nothing is left held
            Held.Dispose();
        }
    }
}
