using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>
/// A minimal Kestrel server on 127.0.0.1 (port 0): GET /open-api/v1/card/{no}/detail answers the canned envelope,
/// GET /open-api/v1/merchant/token answers a token (optionally after a delay) and counts token requests.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _tokenRequests;
    private int _detailRequests;

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;
    public int TokenRequests => Volatile.Read(ref _tokenRequests);
    public int DetailRequests => Volatile.Read(ref _detailRequests);
    public TimeSpan TokenDelay { get; set; }

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        byte[] body;
        if (HttpMethods.IsGet(context.Request.Method) && path.StartsWith("/open-api/v1/card/", StringComparison.Ordinal) && path.EndsWith("/detail", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _detailRequests);
            body = Canned.CardDetailEnvelope;
        }
        else if (HttpMethods.IsGet(context.Request.Method) && path == "/open-api/v1/merchant/token")
        {
            Interlocked.Increment(ref _tokenRequests);
            if (TokenDelay > TimeSpan.Zero) await Task.Delay(TokenDelay).ConfigureAwait(false);
            body = Canned.TokenEnvelope;
        }
        else
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
