using KeySecure.Generated.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// The one place that states the order of the WorldFirst pipeline, outermost first: per call, retry, per attempt,
/// transport. The DI registration only names the HttpClient and calls <see cref="Add"/>.
/// </summary>
internal static class WorldFirstPipelineBuilder
{
    /// <summary>The provider's name in telemetry.</summary>
    public const string Provider = "worldfirst";

    /// <summary>Adds the WorldFirst handlers to <paramref name="http"/>.</summary>
    public static IHttpClientBuilder Add(IHttpClientBuilder http)
    {
        SdkTelemetry.Register(http.Services);

        // 1. Per call: the call's context and telemetry.
        http.AddHttpMessageHandler(sp => new CallHandler(Provider, sp.GetRequiredService<SdkTelemetry>()));

        // 2. Retry: Microsoft.Extensions.Http.Resilience's standard handler with the SDK's predicates (see ProviderResilience).
        ProviderResilience.AddStandardPipeline(http, sp => sp.GetRequiredService<IOptions<WorldFirstOptions>>().Value.Resilience);

        // 3. Per attempt: logged; Result reads only bodies Verification passed; Signing is innermost, so every attempt
        //    gets a fresh Request-Time and signature over the very bytes that leave.
        http.AddHttpMessageHandler(sp => new AttemptHandler(new AttemptRecorder(
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("KeySecure.Generated.WorldFirst"),
                sp.GetRequiredService<SdkTelemetry>())))
            .AddHttpMessageHandler<WorldFirstResultHandler>()
            .AddHttpMessageHandler<WorldFirstVerificationHandler>()
            .AddHttpMessageHandler<WorldFirstSigningHandler>();

        // 4. Transport: no redirects. The factory's own logging would otherwise be one setting away from printing the
        //    Signature header, and would log every call twice.
        return http.FollowNoRedirects()
            .RedactLoggedHeaders(_ => true)
            .RemoveAllLoggers();
    }
}
