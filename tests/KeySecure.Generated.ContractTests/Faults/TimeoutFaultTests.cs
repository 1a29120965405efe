using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Generated.ContractTests.Faults;

/// <summary>WireMock delays (fixed and distributed) past the SDK's 500 ms attempt timeout.</summary>
[Collection(WireMockCollection.Name)]
public sealed class TimeoutFaultTests(WireMockServer server) : FaultTest(server)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(500);

    private KeySecureClient ShortTimeoutSdk() => Sdk(o => o.Resilience.AttemptTimeout = AttemptTimeout);

    [Fact]
    public async Task GetCardDetail_past_a_fixed_delay_times_out_each_attempt_and_is_retried()
    {
        await Stub("GET", CardDetailPath, Stubs.Envelope(0, "success").WithFixedDelay(2000));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => GetCardDetail(ShortTimeoutSdk()));

        Assert.True(error.IsTransient, error.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(ReadAttempts * 2), $"Each attempt should stop at ~500 ms, took {watch.Elapsed}.");
        Assert.Equal(ReadAttempts, await CountAsync("GET", CardDetailPath, ReadAttempts));
    }

    [Fact]
    public async Task GetCardDetail_past_a_distributed_delay_times_out_and_is_retried()
    {
        await Stub("GET", CardDetailPath, Stubs.Envelope(0, "success").WithUniformDelay(1500, 2500));

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => GetCardDetail(ShortTimeoutSdk()));

        Assert.True(error.IsTransient, error.ToString());
        Assert.Equal(ReadAttempts, await CountAsync("GET", CardDetailPath, ReadAttempts));
    }

    [Fact]
    public async Task ApplyCard_past_a_fixed_delay_times_out_and_is_never_sent_twice()
    {
        await Stub("POST", ApplyCardPath, Stubs.Envelope(0, "success").WithFixedDelay(2000));

        var error = await Assert.ThrowsAnyAsync<KeySecureException>(() => ApplyCard(ShortTimeoutSdk()));

        Assert.Equal("ApplyCard", error.OperationId);
        Assert.Equal(1, await CountAsync("POST", ApplyCardPath, 1, settleMs: 700));
    }

    [Fact]
    public async Task TransferFunds_past_a_distributed_delay_times_out_and_is_never_sent_twice()
    {
        await Stub("POST", TransferPath, Stubs.Envelope(0, "success").WithUniformDelay(1500, 2500));

        await Assert.ThrowsAnyAsync<KeySecureException>(() => TransferFunds(ShortTimeoutSdk()));

        Assert.Equal(1, await CountAsync("POST", TransferPath, 1, settleMs: 700));
    }
}
