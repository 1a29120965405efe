using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// Faults a merchant's own tests set on the sandbox (<see cref="SandboxServer.FailNext"/>): each fails the next N calls
/// of one operation as it says, through the real SDK, and the calls after them are answered normally.
/// </summary>
public sealed class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A sandbox of its own (faults belong to one instance), an SDK that retries a read once, a seeded cardholder and a
    /// fresh transfer_unique_no.
    /// </summary>
    private sealed class Scene : IAsyncDisposable
    {
        private Scene(SandboxServer sandbox)
        {
            Sandbox = sandbox;
            Sdk = new Sdk(sandbox, keySecure: o => o.Resilience.Retry.MaxRetryAttempts = 1, getsFaults: true);
            Holder = sandbox.SeedCardholder();
        }

        public SandboxServer Sandbox { get; }

        public Sdk Sdk { get; }

        public string Holder { get; }

        public string UniqueNo { get; } = "TR-" + Guid.NewGuid().ToString("N");

        public static async Task<Scene> StartAsync(TimeProvider? sandboxClock = null) =>
            new(await SandboxFixture.StartAsync(o => o.TimeProvider = sandboxClock ?? TimeProvider.System));

        public Task<TransferResult> TransferInAsync() => Sdk.Accounts.TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = Holder, TransferUniqueNo = UniqueNo, Type = TransferType.In, Balance = "25.00" }, Ct);

        /// <summary>The transfers with <see cref="UniqueNo"/>, read back through the API.</summary>
        public async Task<ICollection<Transfer>> TransfersAsync() =>
            (await Sdk.Accounts.ListTransfersAsync(new ListTransfersRequest { TransferUniqueNo = UniqueNo }, Ct)).List!;

        public async ValueTask DisposeAsync()
        {
            Sdk.Dispose();
            await Sandbox.DisposeAsync();
        }
    }

    [Fact]
    public async Task Applied_then_reset_moves_the_money_and_leaves_the_sdk_with_an_unknown_outcome_to_read_back()
    {
        await using var scene = await Scene.StartAsync();
        scene.Sandbox.FailNext("TransferFunds", SandboxFault.AppliedThenReset());

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => scene.TransferInAsync());

        Assert.True(error.OutcomeUnknown, error.ToString());
        var readBack = await scene.TransfersAsync();
        Assert.Equal(scene.UniqueNo, Assert.Single(readBack).TransferUniqueNo);
        Assert.Equal(25.00m, Assert.Single((await scene.Sdk.Accounts.GetCardholderAccountsAsync(scene.Holder, Ct)).List!).Balance);
    }

    [Fact]
    public async Task A_connection_reset_applies_nothing_and_fails_exactly_the_next_n_calls()
    {
        await using var scene = await Scene.StartAsync();
        scene.Sandbox.FailNext("TransferFunds", SandboxFault.ConnectionReset());
        scene.Sandbox.FailNext("GetCardholderAccounts", SandboxFault.ConnectionReset(), times: 2);

        await Assert.ThrowsAnyAsync<KeySecureException>(() => scene.TransferInAsync());
        // The read is retried once by the SDK: both attempts are reset, the call after them is answered.
        await Assert.ThrowsAnyAsync<KeySecureException>(() => scene.Sdk.Accounts.GetCardholderAccountsAsync(scene.Holder, Ct));

        Assert.Equal(0.00m, Assert.Single((await scene.Sdk.Accounts.GetCardholderAccountsAsync(scene.Holder, Ct)).List!).Balance);
        Assert.Empty((await scene.TransfersAsync()));
    }

    [Theory]
    [InlineData(1009)]
    [InlineData(4005)]
    [InlineData(2002)]
    public async Task A_provider_code_reaches_the_sdk_as_that_code_and_applies_nothing(int code)
    {
        await using var scene = await Scene.StartAsync();
        scene.Sandbox.FailNext("TransferFunds", SandboxFault.ProviderCode(code, "from the test"));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => scene.TransferInAsync());

        Assert.Equal((code, "from the test", false), (error.Code, error.ProviderMessage, error.OutcomeUnknown));
        Assert.Empty((await scene.TransfersAsync()));
        var next = await scene.TransferInAsync();
        Assert.Equal(scene.UniqueNo, next.TransferUniqueNo);
    }

    [Fact]
    public async Task An_http_status_answers_that_status_and_applies_nothing()
    {
        await using var scene = await Scene.StartAsync();
        scene.Sandbox.FailNext("TransferFunds", SandboxFault.HttpStatus(400));

        var error = await Assert.ThrowsAnyAsync<ProviderResponseException>(() => scene.TransferInAsync());

        Assert.Equal(400, error.StatusCode);
        Assert.Empty((await scene.TransfersAsync()));
    }

    [Fact]
    public async Task Unreadable_data_after_code_0_is_applied_and_the_sdk_knows_it_cannot_read_the_outcome()
    {
        await using var scene = await Scene.StartAsync();
        scene.Sandbox.FailNext("TransferFunds", SandboxFault.UnreadableData());

        var error = await Assert.ThrowsAsync<AppliedWriteUnreadableException>(() => scene.TransferInAsync());

        Assert.True(error.OutcomeUnknown);
        Assert.Single((await scene.TransfersAsync()));
    }

    [Fact]
    public async Task A_delay_holds_the_answer_until_the_sandbox_clock_has_passed_it()
    {
        var delay = TimeSpan.FromMinutes(7);
        var clock = new HeldTimerClock(delay);
        await using var scene = await Scene.StartAsync(clock);
        scene.Sandbox.FailNext("GetCardholderAccounts", SandboxFault.Delay(delay));

        var call = scene.Sdk.Accounts.GetCardholderAccountsAsync(scene.Holder, Ct);
        var held = await clock.Held.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.False(call.IsCompleted, "the call was answered before the delay passed");
        held.Fire();
        var accounts = await call.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Single(accounts.List!);
    }

    [Fact]
    public async Task Faults_name_an_operation_of_the_specs_and_a_fault_the_operation_can_carry()
    {
        await using var sandbox = await SandboxFixture.StartAsync();

        var unknown = Assert.Throws<ArgumentException>(() => sandbox.FailNext("TransferMoney", SandboxFault.ConnectionReset()));
        Assert.Contains("TransferFunds", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => sandbox.FailNext("QueryCardSensitiveInfo", SandboxFault.ProviderCode(1009)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.FailNext("TransferFunds", SandboxFault.ConnectionReset(), times: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SandboxFault.HttpStatus(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => SandboxFault.ProviderCode(0));
    }

    /// <summary>A clock on real time except for the timer of one duration, which fires only when the test says so.</summary>
    private sealed class HeldTimerClock(TimeSpan held) : TimeProvider
    {
        public TaskCompletionSource<HeldTimer> Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != held) return base.CreateTimer(callback, state, dueTime, period);
            var timer = new HeldTimer(() => callback(state));
            Held.TrySetResult(timer);
            return timer;
        }
    }

    private sealed class HeldTimer(Action fire) : ITimer
    {
        public void Fire() => fire();

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
