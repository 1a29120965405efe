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

    /// <summary>A sandbox of its own (faults belong to one instance) and an SDK that retries a read once.</summary>
    private static async Task<(SandboxServer Sandbox, Sdk Sdk)> StartAsync(TimeProvider? sandboxClock = null)
    {
        var sandbox = await SandboxFixture.StartAsync(o => o.TimeProvider = sandboxClock ?? TimeProvider.System);
        return (sandbox, new Sdk(sandbox, keySecure: o => o.Resilience.Retry.MaxRetryAttempts = 1, getsFaults: true));
    }

    private static TransferFundsRequest In(string holder, string uniqueNo) =>
        new() { CardholderNo = holder, TransferUniqueNo = uniqueNo, Type = TransferType.In, Balance = "25.00" };

    [Fact]
    public async Task Applied_then_reset_moves_the_money_and_leaves_the_sdk_with_an_unknown_outcome_to_read_back()
    {
        var (sandbox, sdk) = await StartAsync();
        await using var _ = sandbox;
        using var __ = sdk;
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var uniqueNo = "TR-" + Guid.NewGuid().ToString("N");
        sandbox.FailNext("TransferFunds", SandboxFault.AppliedThenReset());

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => sdk.Accounts.TransferFundsAsync(In(holder, uniqueNo), Ct));

        Assert.True(error.OutcomeUnknown, error.ToString());
        var readBack = await sdk.Accounts.ListTransfersAsync(new ListTransfersRequest { TransferUniqueNo = uniqueNo }, Ct);
        Assert.Equal(uniqueNo, Assert.Single(readBack.List!).TransferUniqueNo);
        Assert.Equal(25.00m, Assert.Single((await sdk.Accounts.GetCardholderAccountsAsync(holder, Ct)).List!).Balance);
    }

    [Fact]
    public async Task A_connection_reset_applies_nothing_and_fails_exactly_the_next_n_calls()
    {
        var (sandbox, sdk) = await StartAsync();
        await using var _ = sandbox;
        using var __ = sdk;
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var uniqueNo = "TR-" + Guid.NewGuid().ToString("N");
        sandbox.FailNext("TransferFunds", SandboxFault.ConnectionReset());
        sandbox.FailNext("GetCardholderAccounts", SandboxFault.ConnectionReset(), times: 2);

        await Assert.ThrowsAnyAsync<KeySecureException>(() => sdk.Accounts.TransferFundsAsync(In(holder, uniqueNo), Ct));
        // The read is retried once by the SDK: both attempts are reset, the call after them is answered.
        await Assert.ThrowsAnyAsync<KeySecureException>(() => sdk.Accounts.GetCardholderAccountsAsync(holder, Ct));

        Assert.Equal(0.00m, Assert.Single((await sdk.Accounts.GetCardholderAccountsAsync(holder, Ct)).List!).Balance);
        Assert.Empty((await sdk.Accounts.ListTransfersAsync(new ListTransfersRequest { TransferUniqueNo = uniqueNo }, Ct)).List!);
    }

    [Theory]
    [InlineData(1009)]
    [InlineData(4005)]
    [InlineData(2002)]
    public async Task A_provider_code_reaches_the_sdk_as_that_code_and_applies_nothing(int code)
    {
        var (sandbox, sdk) = await StartAsync();
        await using var _ = sandbox;
        using var __ = sdk;
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var uniqueNo = "TR-" + Guid.NewGuid().ToString("N");
        sandbox.FailNext("TransferFunds", SandboxFault.ProviderCode(code, "from the test"));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Accounts.TransferFundsAsync(In(holder, uniqueNo), Ct));

        Assert.Equal((code, "from the test", false), (error.Code, error.ProviderMessage, error.OutcomeUnknown));
        Assert.Empty((await sdk.Accounts.ListTransfersAsync(new ListTransfersRequest { TransferUniqueNo = uniqueNo }, Ct)).List!);
        var next = await sdk.Accounts.TransferFundsAsync(In(holder, uniqueNo), Ct);
        Assert.Equal(uniqueNo, next.TransferUniqueNo);
    }

    [Fact]
    public async Task An_http_status_answers_that_status_and_applies_nothing()
    {
        var (sandbox, sdk) = await StartAsync();
        await using var _ = sandbox;
        using var __ = sdk;
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var uniqueNo = "TR-" + Guid.NewGuid().ToString("N");
        sandbox.FailNext("TransferFunds", SandboxFault.HttpStatus(400));

        var error = await Assert.ThrowsAnyAsync<ProviderResponseException>(() => sdk.Accounts.TransferFundsAsync(In(holder, uniqueNo), Ct));

        Assert.Equal(400, error.StatusCode);
        Assert.Empty((await sdk.Accounts.ListTransfersAsync(new ListTransfersRequest { TransferUniqueNo = uniqueNo }, Ct)).List!);
    }

    [Fact]
    public async Task Unreadable_data_after_code_0_is_applied_and_the_sdk_knows_it_cannot_read_the_outcome()
    {
        var (sandbox, sdk) = await StartAsync();
        await using var _ = sandbox;
        using var __ = sdk;
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var uniqueNo = "TR-" + Guid.NewGuid().ToString("N");
        sandbox.FailNext("TransferFunds", SandboxFault.UnreadableData());

        var error = await Assert.ThrowsAsync<AppliedWriteUnreadableException>(() => sdk.Accounts.TransferFundsAsync(In(holder, uniqueNo), Ct));

        Assert.True(error.OutcomeUnknown);
        Assert.Single((await sdk.Accounts.ListTransfersAsync(new ListTransfersRequest { TransferUniqueNo = uniqueNo }, Ct)).List!);
    }

    [Fact]
    public async Task A_delay_holds_the_answer_until_the_sandbox_clock_has_passed_it()
    {
        var delay = TimeSpan.FromMinutes(7);
        var clock = new HeldTimerClock(delay);
        var (sandbox, sdk) = await StartAsync(clock);
        await using var _ = sandbox;
        using var __ = sdk;
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        sandbox.FailNext("GetCardholderAccounts", SandboxFault.Delay(delay));

        var call = sdk.Accounts.GetCardholderAccountsAsync(holder, Ct);
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
