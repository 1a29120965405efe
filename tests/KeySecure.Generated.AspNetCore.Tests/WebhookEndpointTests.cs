using System.Net.Http.Headers;
using System.Text;
using KeySecure.Generated.AspNetCore;
using KeySecure.Generated.OpenPlatform;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KeySecure.Generated.AspNetCore.Tests;

public sealed class WebhookEndpointTests
{
    internal const string Success = """{"code":0,"message":""}""";

    internal const string AuthBody = """
        {"id":"evt_auth_9","action":"Auth","data":{"consume_no":"CN-SECRET-4711","card_no":"CARD-SECRET-88","cardholder_no":"CH_1","type":"Consumption","amount":42.75,"local_amount":300,"local_currency":"CNY","merchant_info":{"merchant_name":"Very Distinct Shop","merchant_mcc":"5812","city":"Oslo","country":"NO"},"status":"Pending","time":"2024-05-06 07:08:09"}}
        """;

    internal const string ConsumptionBody = """
        {"id":"evt_cons_9","action":"Consumption","data":{"consume_no":"CN-SECRET-4712","card_no":"CARD-SECRET-88","type":"Consumption","amount":10.5,"fee":0.2,"fee_detail":[{"fee_type":"Consume_fee","amount":0.2}],"status":"Success","remark":"Body-Only-Remark-Text","merchant_info":{"merchant_name":"Very Distinct Shop"}}}
        """;

    internal const string CardUpdateBody = """
        {"id":"evt_card_9","action":"Card_update","data":{"card_no":"CARD-SECRET-88","before_status":"Activated","after_status":"Frozen","reason":"user","time":"2024-05-06 07:08:09"}}
        """;

    private const string UnknownBody = """
        {"id":"evt_x_9","action":"Dispute_opened","data":{"dispute_no":"D1"}}
        """;

    [Fact]
    public async Task A_signed_Auth_event_is_answered_code_0_and_reaches_the_handler_typed()
    {
        await using var app = await WebhookApp.StartAsync();

        var (status, body, contentType, _) = await app.PostAsync(AuthBody);

        Assert.Equal(200, status);
        Assert.Equal(Success, body);
        Assert.Equal("application/json", contentType);
        var call = Assert.Single(app.Probe.Calls);
        Assert.Equal(nameof(IKeySecureWebhookHandler.HandleAuthAsync), call.Method);
        var data = Assert.IsType<AuthWebhookData>(call.Data);
        Assert.Equal("CN-SECRET-4711", data.ConsumeNo);
        Assert.Equal(42.75m, data.Amount);
        Assert.Equal("Very Distinct Shop", data.MerchantInfo!.MerchantName);
        Assert.Equal("evt_auth_9", call.Event.Id);
        Assert.Equal("UTC+8", call.Event.Timezone);
    }

    [Fact]
    public async Task Consumption_card_update_and_unknown_events_are_dispatched_to_their_methods()
    {
        await using var app = await WebhookApp.StartAsync();

        Assert.Equal((200, Success), Pick(await app.PostAsync(ConsumptionBody)));
        Assert.Equal((200, Success), Pick(await app.PostAsync(CardUpdateBody)));
        Assert.Equal((200, Success), Pick(await app.PostAsync(UnknownBody)));

        var calls = app.Probe.Calls.ToArray();
        Assert.Equal(3, calls.Length);
        Assert.Equal(nameof(IKeySecureWebhookHandler.HandleConsumptionAsync), calls[0].Method);
        Assert.Equal(FeeType.ConsumeFee, Assert.Single(Assert.IsType<ConsumptionWebhookData>(calls[0].Data).FeeDetail!).FeeType);
        Assert.Equal(nameof(IKeySecureWebhookHandler.HandleCardUpdateAsync), calls[1].Method);
        Assert.Equal(CardStatus.Frozen, Assert.IsType<CardUpdateWebhookData>(calls[1].Data).AfterStatus);
        Assert.Equal(nameof(IKeySecureWebhookHandler.HandleUnknownAsync), calls[2].Method);
        Assert.False(calls[2].Event.IsKnown);
        Assert.Equal("D1", calls[2].Event.RawData.GetProperty("dispute_no").GetString());
    }

    [Fact]
    public async Task The_default_interface_methods_accept_every_event()
    {
        await using var app = await WebhookApp.StartAsync<DefaultsOnlyHandler>();

        foreach (var body in new[] { AuthBody, ConsumptionBody, CardUpdateBody, UnknownBody })
        {
            Assert.Equal((200, Success), Pick(await app.PostAsync(body)));
        }
    }

    [Fact]
    public async Task A_bad_signature_is_401_and_the_handler_is_not_called()
    {
        await using var app = await WebhookApp.StartAsync();
        var tampered = AuthBody.Replace("42.75", "42.76", StringComparison.Ordinal);
        var at = DateTimeOffset.UtcNow;

        var (status, body, contentType, _) = await app.PostAsync(tampered, WebhookApp.Sign(AuthBody, at), at);

        Assert.Equal(401, status);
        Assert.Equal("""{"code":401,"message":"BadSignature"}""", body);
        Assert.Equal("application/json", contentType);
        Assert.Empty(app.Probe.Calls);
        Assert.Contains("BadSignature", app.Logs.AllText, StringComparison.Ordinal);
        AssertNoBodyContent(app.Logs.AllText);
    }

    [Fact]
    public async Task A_stale_event_is_401_StaleTimestamp()
    {
        await using var app = await WebhookApp.StartAsync();

        var (status, body, _, _) = await app.PostAsync(AuthBody, at: DateTimeOffset.UtcNow.AddMinutes(-10));

        Assert.Equal(401, status);
        Assert.Equal("""{"code":401,"message":"StaleTimestamp"}""", body);
        Assert.Empty(app.Probe.Calls);
    }

    [Fact]
    public async Task Missing_headers_are_401_with_the_reason()
    {
        await using var app = await WebhookApp.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookApp.Path)
        {
            Content = new StringContent(AuthBody, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var response = await app.Client.SendAsync(request, ct);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("""{"code":401,"message":"MissingTimestamp"}""", await response.Content.ReadAsStringAsync(ct));
        Assert.Empty(app.Probe.Calls);
    }

    [Fact]
    public async Task An_Auth_handler_that_overruns_the_budget_is_answered_in_time_with_timeout()
    {
        var budget = TimeSpan.FromMilliseconds(300);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await WebhookApp.StartAsync(o => o.AuthResponseBudget = budget, time);
        app.Probe.AuthDelay = HandlerOverrun;

        var (status, body) = await AnswerAfterTheBudgetAsync(app, time, budget);

        Assert.Equal(200, status);
        Assert.Equal("""{"code":500,"message":"timeout"}""", body);
        Assert.True(await app.Probe.AuthCancelled.Task.WaitAsync(WaitDeadline, TestContext.Current.CancellationToken));
        Assert.Contains("timeout", app.Logs.AllText, StringComparison.Ordinal);
        Assert.Contains("Warning", app.Logs.AllText, StringComparison.Ordinal);
        AssertNoBodyContent(app.Logs.AllText);
    }

    [Fact]
    public async Task An_Auth_handler_that_ignores_its_token_is_still_answered_in_time_with_the_default_budget()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await WebhookApp.StartAsync(time: time);
        app.Probe.AuthDelay = HandlerOverrun;
        app.Probe.IgnoreCancellation = true;

        var (status, body) = await AnswerAfterTheBudgetAsync(app, time, KeySecureWebhookEndpointOptions.DefaultAuthResponseBudget);

        Assert.Equal(200, status);
        Assert.Equal("""{"code":500,"message":"timeout"}""", body);
        Assert.False(app.Probe.AuthCancelled.Task.IsCompleted); // the handler is still running: the budget answered
    }

    [Fact]
    public async Task A_Consumption_handler_that_overruns_HandlerTimeout_is_500_timeout_and_its_token_cancelled()
    {
        var limit = TimeSpan.FromSeconds(5);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await WebhookApp.StartAsync(o => o.HandlerTimeout = limit, time);
        var hold = new TaskCompletionSource();
        app.Probe.HoldConsumption = hold.Task;

        var reply = app.PostAsync(ConsumptionBody);
        await app.Probe.ConsumptionEntered.Task.WaitAsync(WaitDeadline, TestContext.Current.CancellationToken);
        Assert.False(reply.IsCompleted, "answered before the handler's time ran out");
        time.Advance(limit);

        Assert.Equal((500, """{"code":500,"message":"timeout"}"""), Pick(await reply.WaitAsync(WaitDeadline, TestContext.Current.CancellationToken)));
        Assert.Contains("Consumption evt_cons_9 not handled within its 5000 ms", app.Logs.AllText, StringComparison.Ordinal);
        Assert.False(hold.Task.IsCompleted);
    }

    [Fact]
    public async Task A_handler_still_running_past_its_time_keeps_the_delivery_claimed_so_a_retry_is_not_handled_beside_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await WebhookApp.StartAsync(time: time);
        var hold = new TaskCompletionSource();
        app.Probe.HoldConsumption = hold.Task;
        app.Probe.IgnoreCancellation = true;
        var at = DateTimeOffset.UtcNow;

        var first = app.PostAsync(ConsumptionBody, at: at);
        await app.Probe.ConsumptionEntered.Task.WaitAsync(WaitDeadline, TestContext.Current.CancellationToken);
        time.Advance(KeySecureWebhookEndpointOptions.DefaultHandlerTimeout);
        Assert.Equal(500, (await first.WaitAsync(WaitDeadline, TestContext.Current.CancellationToken)).Status);

        var retry = await app.PostAsync(ConsumptionBody, at: at);

        Assert.Equal((409, """{"code":409,"message":"delivery in progress"}"""), Pick(retry));
        Assert.Single(app.Probe.Calls);
        hold.SetResult();
    }

    [Fact]
    public async Task A_fast_Auth_handler_within_the_budget_is_answered_code_0()
    {
        await using var app = await WebhookApp.StartAsync();
        app.Probe.AuthDelay = TimeSpan.FromMilliseconds(50);

        Assert.Equal((200, Success), Pick(await app.PostAsync(AuthBody)));
    }

    [Theory]
    [InlineData(AuthBody)]
    [InlineData(ConsumptionBody)]
    public async Task A_handler_exception_is_500_handler_failed_and_the_log_holds_no_body_content(string eventBody)
    {
        await using var app = await WebhookApp.StartAsync();
        app.Probe.Throw = new InvalidOperationException("ledger unavailable");

        var (status, body, contentType, _) = await app.PostAsync(eventBody);

        Assert.Equal(500, status);
        Assert.Equal("""{"code":500,"message":"handler failed"}""", body);
        Assert.Equal("application/json", contentType);
        var logs = app.Logs.AllText;
        Assert.Contains("handler failed", logs, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException", logs, StringComparison.Ordinal);
        Assert.Contains("ledger unavailable", logs, StringComparison.Ordinal);
        AssertNoBodyContent(logs);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_not_verified()
    {
        await using var app = await WebhookApp.StartAsync(o => o.MaxBodyBytes = 1024);
        var large = """{"id":"big","action":"Consumption","data":{"remark":"PADDING"}}""".Replace("PADDING", new string('x', 2048), StringComparison.Ordinal);

        var (status, body, _, _) = await app.PostAsync(large);

        Assert.Equal(413, status);
        Assert.Equal("""{"code":413,"message":"body too large"}""", body);
        Assert.Empty(app.Probe.Calls);
    }

    [Fact]
    public async Task Only_POST_is_mapped()
    {
        await using var app = await WebhookApp.StartAsync();

        using var response = await app.Client.GetAsync(WebhookApp.Path, TestContext.Current.CancellationToken);

        Assert.Equal(405, (int)response.StatusCode);
    }

    [Fact]
    public void Mapping_without_registration_fails_fast()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddKeySecureWebhookHandler<DefaultsOnlyHandler>();
        var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapKeySecureWebhooks());

        Assert.Contains("AddKeySecureWebhooks", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Far longer than any wait in these tests: a reply that arrives came from the budget, not from the handler.</summary>
    private static readonly TimeSpan HandlerOverrun = TimeSpan.FromMinutes(5);

    /// <summary>How long a test waits for something that should already be under way (a deadline, not a measurement).</summary>
    private static readonly TimeSpan WaitDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Posts the Auth event, waits until the handler runs, moves the endpoint's clock to the end of the budget and returns
    /// the reply. The handler sleeps on the real clock for <see cref="HandlerOverrun"/>, so only the budget can answer.
    /// </summary>
    private static async Task<(int Status, string Body)> AnswerAfterTheBudgetAsync(WebhookApp app, FakeTimeProvider time, TimeSpan budget)
    {
        var reply = app.PostAsync(AuthBody);
        await app.Probe.AuthStarted.Task.WaitAsync(WaitDeadline, TestContext.Current.CancellationToken);
        Assert.False(reply.IsCompleted, "answered before the budget ran out");

        time.Advance(budget);

        return Pick(await reply.WaitAsync(WaitDeadline, TestContext.Current.CancellationToken));
    }

    private static (int, string) Pick((int Status, string Body, string? ContentType, TimeSpan Elapsed) reply) => (reply.Status, reply.Body);

    private static void AssertNoBodyContent(string logs)
    {
        foreach (var fragment in new[] { "CN-SECRET-4711", "CN-SECRET-4712", "CARD-SECRET-88", "Very Distinct Shop", "Body-Only-Remark-Text", "42.75", WebhookApp.Secret })
        {
            Assert.DoesNotContain(fragment, logs, StringComparison.Ordinal);
        }
    }
}
