using System.Diagnostics;
using System.Net;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using static KeySecure.Generated.Tests.Support.FakeProvider;

namespace KeySecure.Generated.Tests.OpenPlatform;

/// <summary>The SDK's own metrics and activities, and the transport rules (https unless loopback, no redirects).</summary>
public class TelemetryAndTransportTests
{
    private const string CardNo = "4111111111111111";
    private const string Detail = """{"card_no":"4111111111111111","status":"Activated","card_type":"Virtual"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_attempt_is_counted_and_the_call_is_measured_with_its_outcome()
    {
        var calls = 0;
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) =>
            Interlocked.Increment(ref calls) == 1 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") } : Envelope(Detail)));
        var meters = harness.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var attempts = new MetricCollector<long>(meters, KeySecureTelemetry.Name, KeySecureTelemetry.AttemptsInstrument);
        using var durations = new MetricCollector<double>(meters, KeySecureTelemetry.Name, KeySecureTelemetry.CallDurationInstrument);

        await harness.Cards.GetCardDetailAsync(CardNo, Ct);

        var detailAttempts = attempts.GetMeasurementSnapshot().Where(m => (string?)m.Tags[KeySecureTelemetry.OperationTag] == "GetCardDetail").ToList();
        Assert.Equal([1, 2], detailAttempts.Select(m => (int)m.Tags[KeySecureTelemetry.AttemptTag]!));
        Assert.Equal(503, detailAttempts[0].Tags[KeySecureTelemetry.StatusCodeTag]);
        var call = Assert.Single(durations.GetMeasurementSnapshot(), m => (string?)m.Tags[KeySecureTelemetry.OperationTag] == "GetCardDetail");
        Assert.Equal("success", call.Tags[KeySecureTelemetry.OutcomeTag]);
        Assert.Equal(2, call.Tags[KeySecureTelemetry.AttemptsTag]);
        Assert.Equal("keysecure", call.Tags[KeySecureTelemetry.ProviderTag]);
        Assert.DoesNotContain(attempts.GetMeasurementSnapshot().Concat<object>(durations.GetMeasurementSnapshot()), m => m.ToString()!.Contains(CardNo, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_1007_replay_counts_as_an_attempt_and_a_write_with_an_unknown_outcome_is_tagged_so()
    {
        var calls = 0;
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((request, _) => request.Path.EndsWith("/detail", StringComparison.Ordinal)
            ? Interlocked.Increment(ref calls) == 1 ? Error(1007, "token expired") : Envelope(Detail)
            : new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("") }));
        var meters = harness.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var durations = new MetricCollector<double>(meters, KeySecureTelemetry.Name, KeySecureTelemetry.CallDurationInstrument);

        await harness.Cards.GetCardDetailAsync(CardNo, Ct);
        await Assert.ThrowsAsync<ProviderResponseException>(() => harness.Get<IAccountsClient>().TransferFundsAsync(
            new TransferFundsRequest { CardholderNo = "U1", TransferUniqueNo = "t-1", Type = TransferType.In, Balance = "10.00" }, Ct));

        var byOperation = durations.GetMeasurementSnapshot().Where(m => (string?)m.Tags[KeySecureTelemetry.OperationTag] != "GetToken").ToDictionary(m => (string)m.Tags[KeySecureTelemetry.OperationTag]!);
        Assert.Equal(2, byOperation["GetCardDetail"].Tags[KeySecureTelemetry.AttemptsTag]);
        Assert.Equal("outcome_unknown", byOperation["TransferFunds"].Tags[KeySecureTelemetry.OutcomeTag]);
        Assert.Equal(1, byOperation["TransferFunds"].Tags[KeySecureTelemetry.AttemptsTag]);
    }

    [Fact]
    public async Task A_call_is_one_activity_tagged_with_operation_code_and_outcome_and_never_card_data()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KeySecureTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) activities.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        using var harness = new KeySecureHarness(KeySecureHarness.WithToken((_, _) => Error(4005, "card status")));

        await Assert.ThrowsAsync<KeySecureApiException>(() => harness.Cards.GetCardDetailAsync(CardNo, Ct));

        Activity call;
        lock (activities) call = Assert.Single(activities, a => (string?)a.GetTagItem(KeySecureTelemetry.OperationTag) == "GetCardDetail" && a.GetTagItem(KeySecureTelemetry.ErrorCodeTag) is not null);
        Assert.Equal("4005", call.GetTagItem(KeySecureTelemetry.ErrorCodeTag));
        Assert.Equal("failed", call.GetTagItem(KeySecureTelemetry.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        Assert.Single(call.Events, e => e.Name == "attempt");
        Assert.DoesNotContain(call.TagObjects.Concat(call.Events.SelectMany(e => e.Tags)), tag => tag.Value?.ToString()?.Contains(CardNo, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(CardNo, call.DisplayName);
    }

    [Theory]
    [InlineData("http://sandbox-openplatform.keysecure.io")]
    [InlineData("http://10.0.0.8:8080")]
    public void A_plain_http_base_address_that_is_not_loopback_fails_validation_naming_the_setting(string address)
    {
        var services = new ServiceCollection();
        services.AddKeySecure(o =>
        {
            o.BaseAddress = new Uri(address);
            o.ApiKey = KeySecureHarness.ApiKey;
            o.ApiSecret = KeySecureHarness.ApiSecret;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(Options.DefaultName));

        Assert.Contains("KeySecure:BaseAddress must use https unless the host is loopback", error.Message);
    }

    [Fact]
    public async Task A_307_from_the_provider_is_not_followed_and_the_credentials_stay_home()
    {
        using var server = new LoopbackHttpServer((_, _) => LoopbackHttpServer.Redirect("/elsewhere"));
        using var provider = OverTheNetwork(server);

        // Get Token is the first request, and it is redirected: the call itself is never sent.
        var notSent = await Assert.ThrowsAsync<RequestNotSentException>(() => provider.GetRequiredService<ICardsClient>().GetCardDetailAsync("C1", Ct));
        Assert.Equal(RequestNotSentReason.TokenUnavailable, notSent.Reason);
        var error = Assert.IsType<ProviderResponseException>(notSent.InnerException);

        Assert.Equal(307, error.StatusCode);
        Assert.Contains("redirect", error.Message);
        Assert.False(error.IsTransient);
        Assert.False(notSent.IsTransient);
        Assert.Equal(["/open-api/v1/merchant/token"], server.Paths);
    }

    [Fact]
    public async Task A_redirect_followed_by_a_replaced_primary_handler_is_refused_and_its_answer_never_used()
    {
        // The other URL answers what would pass for a token and a card, if the SDK used answers from there.
        var expiry = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        using var server = new LoopbackHttpServer((_, path) => path == "/elsewhere"
            ? LoopbackHttpServer.Json($$$"""{"code":0,"msg":"Success","data":{"access_token":"stolen","expired_time":{{{expiry}}},"card_no":"C1","status":"Activated"}}""")
            : LoopbackHttpServer.Redirect("/elsewhere"));
        // A handler that follows redirects (HttpClientHandler does by default), configured after the SDK's own.
        using var provider = OverTheNetwork(server, http => http.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler()));

        // Get Token is the request that gets redirected: the call itself is never sent.
        var notSent = await Assert.ThrowsAsync<RequestNotSentException>(() => provider.GetRequiredService<ICardsClient>().GetCardDetailAsync("C1", Ct));
        var error = Assert.IsType<ProviderResponseException>(notSent.InnerException);

        Assert.Contains("redirected to another URL", error.Message);
        Assert.DoesNotContain("elsewhere", error.Message);
        Assert.Equal(["/open-api/v1/merchant/token", "/elsewhere"], server.Paths);
    }

    // The real registration over a loopback server (no retries), optionally with the merchant's own changes to its HttpClient.
    private static ServiceProvider OverTheNetwork(LoopbackHttpServer server, Action<IHttpClientBuilder>? customize = null)
    {
        var services = new ServiceCollection();
        var http = services.AddKeySecure(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.ApiKey = KeySecureHarness.ApiKey;
            o.ApiSecret = KeySecureHarness.ApiSecret;
            o.Resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
        });
        customize?.Invoke(http);
        return services.BuildServiceProvider();
    }
}
