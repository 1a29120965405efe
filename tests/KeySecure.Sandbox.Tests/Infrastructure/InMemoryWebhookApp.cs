using System.Collections.Concurrent;
using System.Net;
using System.Text;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Webhooks;

namespace KeySecure.Sandbox.Tests.Infrastructure;

/// <summary>One webhook as the in-memory app read it, with the SDK verifier's verdict (null: verified).</summary>
public sealed record InMemoryWebhook(string Body, string? Timestamp, string? Signature, WebhookFailureReason? Failure);

/// <summary>
/// A merchant app with no port, as <c>WebApplicationFactory</c> gives one: an <see cref="HttpClient"/> whose handler is
/// the app. It verifies each webhook with the SDK's <see cref="WebhookVerifier"/> and answers <c>{"code":0}</c>, or 401
/// naming the failure.
/// </summary>
public sealed class InMemoryWebhookApp(SandboxCredentials credentials) : HttpMessageHandler
{
    private readonly WebhookVerifier _verifier = new(new WebhookOptions { AppId = credentials.ApiKey, Secret = credentials.ApiSecret, RequireSignVersion = true });
    private readonly ConcurrentQueue<InMemoryWebhook> _received = new();

    public static readonly Uri Root = new("http://merchant.app.test/");

    public IReadOnlyList<InMemoryWebhook> Received => [.. _received];

    public HttpClient Client() => new(this, disposeHandler: false) { BaseAddress = Root };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        string? Header(string name) => request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
        var verdict = _verifier.Verify(body, Header("Timestamp"), Header("Signature"), Header("Sign-Version"), Header("Timezone"));
        _received.Enqueue(new InMemoryWebhook(Encoding.UTF8.GetString(body), Header("Timestamp"), Header("Signature"), verdict.Failure));
        return verdict.Succeeded
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"code":0,"message":""}""", Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent($$"""{"code":1,"message":"{{verdict.Failure}}"}""", Encoding.UTF8, "application/json") };
    }
}
