using System.Diagnostics.Metrics;
using System.Net;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>
/// What a caller is told when a call ends early: a cancelled or timed-out write says whether it may have been
/// applied (it may once its body was written), a call whose token never came was never sent, and the telemetry
/// outcome is written after the data was read.
/// </summary>
public sealed class CallOutcomeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UpdateCardStatusRequest Freeze() => new() { CardNo = "C1", Status = TargetCardStatus.Frozen };

    [Fact]
    public async Task A_write_cancelled_after_its_body_was_sent_is_a_cancellation_that_says_it_may_have_been_applied()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var harness = new KeySecureHarness(AnswersNeverAfterReceiving(received));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = harness.Cards.UpdateCardStatusAsync(Freeze(), cancel.Token);
        await received.Task.WaitAsync(Deadline, Ct);
        await cancel.CancelAsync();

        var cancelled = await Assert.ThrowsAsync<CallCanceledException>(() => call);
        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.True(cancelled.OutcomeUnknown);
        Assert.Equal("UpdateCardStatus", cancelled.OperationId);
        Assert.Contains("GetCardDetail", cancelled.Message);
        Assert.True(cancelled.CancellationToken.IsCancellationRequested);
        Assert.Equal(1, harness.Provider.CountFor("/card/status/update"));
    }

    [Fact]
    public async Task A_write_cancelled_before_its_body_was_written_is_a_plain_cancellation()
    {
        var connecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new NeverConnects(connecting);
        using var harness = HarnessOver(transport);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = harness.Cards.UpdateCardStatusAsync(Freeze(), cancel.Token);
        await connecting.Task.WaitAsync(Deadline, Ct);
        await cancel.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<CallCanceledException>(cancelled);
        Assert.Equal(0, transport.BodiesWritten);
    }

    [Fact]
    public async Task A_read_cancelled_mid_flight_is_a_plain_cancellation()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var harness = new KeySecureHarness(AnswersNeverAfterReceiving(received));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = harness.Cards.GetCardDetailAsync("C1", cancel.Token);
        await received.Task.WaitAsync(Deadline, Ct);
        await cancel.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<CallCanceledException>(cancelled);
    }

    [Fact]
    public async Task A_write_whose_connection_never_completes_is_retried_and_reported_as_never_applied()
    {
        var connecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new NeverConnects(connecting);
        using var harness = HarnessOver(transport, o =>
        {
            o.Resilience.Retry.MaxRetryAttempts = 1;
            o.Resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            o.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
        });

        var call = harness.Cards.UpdateCardStatusAsync(Freeze(), Ct);
        // Each attempt hangs in "connect" until its attempt timeout fires on the fake clock.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await transport.WaitForAttemptsAsync(attempt).WaitAsync(Deadline, Ct);
            Assert.True(transport.Attempts >= attempt, $"attempt {attempt} never reached the transport; call: {call.Status} {call.Exception?.InnerException?.GetType().Name}; log:\n{harness.Logs.AllText}");
            await AdvanceUntilAsync(harness.Clock, () => transport.Cancellations >= attempt);
        }

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => call).WaitAsync(Deadline, Ct);
        Assert.False(error.OutcomeUnknown);
        Assert.True(error.IsTransient);
        Assert.Equal(2, transport.Attempts);
        Assert.Equal(0, transport.BodiesWritten);
    }

    [Fact]
    public async Task A_write_whose_token_never_arrives_is_not_sent()
    {
        using var harness = new KeySecureHarness((request, _) => request.Path.EndsWith("/merchant/token", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("") }
            : Envelope("""{"result":true}"""), o => o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false));

        var notSent = await Assert.ThrowsAsync<RequestNotSentException>(() => harness.Cards.UpdateCardStatusAsync(Freeze(), Ct));

        Assert.Equal(RequestNotSentReason.TokenUnavailable, notSent.Reason);
        Assert.False(notSent.OutcomeUnknown);
        Assert.True(notSent.IsTransient);
        Assert.Equal("UpdateCardStatus", notSent.OperationId);
        Assert.Equal(0, harness.Provider.CountFor("/card/status/update"));
    }

    [Fact]
    public async Task An_applied_write_whose_data_cannot_be_read_is_measured_as_outcome_unknown()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            Envelope("""{"transfer_no":"T1","before_balance":"one hundred"}""")));
        using var durations = new MetricCollector<double>(harness.Get<IMeterFactory>(), KeySecureTelemetry.Name, KeySecureTelemetry.CallDurationInstrument);

        await Assert.ThrowsAsync<AppliedWriteUnreadableException>(() => harness.Get<IAccountsClient>().TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = "U1", TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "10.00" }, Ct));

        var transfer = Assert.Single(durations.GetMeasurementSnapshot(), m => (string?)m.Tags[KeySecureTelemetry.OperationTag] == "TransferFunds");
        Assert.Equal("outcome_unknown", transfer.Tags[KeySecureTelemetry.OutcomeTag]);
    }

    [Fact]
    public async Task A_read_is_measured_once_after_its_data_was_read()
    {
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Envelope("""{"card_no":"C1","status":"Activated"}""")));
        using var durations = new MetricCollector<double>(harness.Get<IMeterFactory>(), KeySecureTelemetry.Name, KeySecureTelemetry.CallDurationInstrument);

        await harness.Cards.GetCardDetailAsync("C1", Ct);

        var detail = Assert.Single(durations.GetMeasurementSnapshot(), m => (string?)m.Tags[KeySecureTelemetry.OperationTag] == "GetCardDetail");
        Assert.Equal("success", detail.Tags[KeySecureTelemetry.OutcomeTag]);
        Assert.Equal(200, detail.Tags[KeySecureTelemetry.StatusCodeTag]);
    }

    // Get Token is answered; any other request is received whole (its body read) and then never answered.
    private static Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> AnswersNeverAfterReceiving(TaskCompletionSource received) =>
        async (request, _, ct) =>
        {
            if (request.Path.EndsWith("/merchant/token", StringComparison.Ordinal)) return Token("tok", KeySecureHarness.Start.AddHours(24));
            received.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };

    // The attempt timeout is a cancellation scheduled on the fake clock: move it in steps until the transport saw it.
    private static async Task AdvanceUntilAsync(TestClock clock, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the attempt timeout never reached the transport");
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, Ct);
        }
    }

    private static KeySecureHarness HarnessOver(HttpMessageHandler transport, Action<KeySecureOptions>? configure = null) =>
        new((_, _, _) => Task.FromResult(Envelope("{}")), configure, services =>
            services.AddHttpClient(KeySecureRegistrations.HttpClientName(string.Empty)).ConfigurePrimaryHttpMessageHandler(() => transport));

    /// <summary>
    /// A transport whose connection never completes (a TLS handshake that hangs): Get Token is answered, every other
    /// request waits for its token to be cancelled without its body ever being written.
    /// </summary>
    private sealed class NeverConnects(TaskCompletionSource connecting) : HttpMessageHandler
    {
        private int _attempts;
        private int _bodies;
        private int _cancellations;

        public int Cancellations => Volatile.Read(ref _cancellations);

        public int Attempts => Volatile.Read(ref _attempts);

        public int BodiesWritten => Volatile.Read(ref _bodies);

        public async Task WaitForAttemptsAsync(int count)
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (Attempts < count && DateTime.UtcNow < deadline) await Task.Delay(5);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/merchant/token", StringComparison.Ordinal))
            {
                if (request.Content is not null) await request.Content.ReadAsByteArrayAsync(cancellationToken);
                return Token("tok", KeySecureHarness.Start.AddHours(24));
            }
            Interlocked.Increment(ref _attempts);
            connecting.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                if (request.Content is RequestBodyContent { Transmitted: true }) Interlocked.Increment(ref _bodies);
                Interlocked.Increment(ref _cancellations);
            }
            throw new InvalidOperationException("unreachable");
        }
    }
}
