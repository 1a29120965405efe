using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using Polly.Timeout;

namespace KeySecure.Generated.ContractTests.Faults;

/// <summary>WireMock delays (fixed and distributed) past the SDK's 500 ms attempt timeout.</summary>
[Collection(WireMockCollection.Name)]
public sealed class TimeoutFaultTests(WireMockServer server) : FaultTest(server)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// One successful call first, through an SDK with the usual timeouts, so the 500 ms attempts below time out on
    /// the server's delay and not on the process compiling the SDK's and the server's code on first use.
    /// </summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Stub("GET", CardDetailPath, Documented("GetCardDetail"));
        await GetCardDetail(Sdk());
        await base.InitializeAsync(); // reset: the tests start from an empty journal with GetToken only
    }

    private KeySecureClient ShortTimeoutSdk() => Sdk(o => o.Resilience.AttemptTimeout.Timeout = AttemptTimeout);

    [Fact]
    public async Task GetCardDetail_past_a_fixed_delay_times_out_each_attempt_and_is_retried()
    {
        await Stub("GET", CardDetailPath, Documented("GetCardDetail").WithFixedDelay(2000));

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => GetCardDetail(ShortTimeoutSdk()));

        Assert.True(error.IsTransient, error.ToString());
        AssertEndedByTheAttemptTimeout(error);
        Assert.Equal(ReadAttempts, await CountAsync("GET", CardDetailPath, ReadAttempts));
    }

    [Fact]
    public async Task GetCardDetail_past_a_distributed_delay_times_out_and_is_retried()
    {
        await Stub("GET", CardDetailPath, Documented("GetCardDetail").WithUniformDelay(1500, 2500));

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => GetCardDetail(ShortTimeoutSdk()));

        Assert.True(error.IsTransient, error.ToString());
        AssertEndedByTheAttemptTimeout(error);
        Assert.Equal(ReadAttempts, await CountAsync("GET", CardDetailPath, ReadAttempts));
    }

    [Fact]
    public async Task ApplyCard_past_a_fixed_delay_times_out_and_is_never_sent_twice()
    {
        await Stub("POST", ApplyCardPath, Documented("ApplyCard").WithFixedDelay(2000));

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => ApplyCard(ShortTimeoutSdk()));

        Assert.Equal("ApplyCard", error.OperationId);
        AssertEndedByTheAttemptTimeout(error);
        Assert.Equal(1, await CountAsync("POST", ApplyCardPath, 1, settleMs: 700));
    }

    [Fact]
    public async Task TransferFunds_past_a_distributed_delay_times_out_and_is_never_sent_twice()
    {
        await Stub("POST", TransferPath, Documented("TransferFunds").WithUniformDelay(1500, 2500));

        await Assert.ThrowsAnyAsync<KeySecureException>(() => TransferFunds(ShortTimeoutSdk()));

        Assert.Equal(1, await CountAsync("POST", TransferPath, 1, settleMs: 700));
    }

    /// <summary>
    /// What ended the call was the 500 ms attempt timeout (not the 30 s total, not the server's late answer): the SDK's
    /// clock decided, so no wall-clock measurement is needed.
    /// </summary>
    private static void AssertEndedByTheAttemptTimeout(Exception error)
    {
        var timeout = Assert.IsType<TimeoutRejectedException>(error.InnerException, exactMatch: false);
        Assert.Equal(AttemptTimeout, timeout.Timeout);
    }
}
