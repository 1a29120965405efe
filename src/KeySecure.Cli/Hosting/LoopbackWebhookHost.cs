using System.Diagnostics.CodeAnalysis;
using System.Net;
using KeySecure.Generated.AspNetCore;
using KeySecure.Generated.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeySecure.Cli.Hosting;

/// <summary>
/// The SDK's webhook endpoint served on 127.0.0.1 inside the tool: shared by <c>webhook listen</c> and the tour's
/// receiver, so both bind, stop and name their URL the same way.
/// </summary>
internal static class LoopbackWebhookHost
{
    /// <summary>
    /// A host on 127.0.0.1:<paramref name="port"/> (0 for a free port) with the webhook endpoint for one merchant and
    /// <typeparamref name="THandler"/>. No log provider is added (nothing of ASP.NET Core may reach stdout), and
    /// signals belong to the tool (ShutdownSignals): the host stops when <paramref name="ct"/> is cancelled.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(int port, string appId, string secret, CancellationToken ct)
        where THandler : class, IKeySecureWebhookHandler
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.UseCommandLifetime(ct);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddKeySecureWebhooks(options =>
        {
            options.AppId = appId;
            options.Secret = secret;
        });
        builder.Services.AddKeySecureWebhookHandler<THandler>();
        return builder;
    }

    /// <summary>The full URL of the started host's webhook endpoint.</summary>
    public static Uri EndpointUrl(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), KeySecureWebhookEndpointRouteBuilderExtensions.DefaultPattern);
    }
}
