using KeySecure.Generated.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeySecure.Generated.WorldFirst;

/// <summary>
/// The one place that states the order of a WorldFirst registration's pipeline, outermost first: per call, retry, per
/// attempt, transport. The DI registration only names the HttpClient and calls <see cref="Add"/>.
/// </summary>
internal static class WorldFirstPipelineBuilder
{
    /// <summary>The provider's name in telemetry.</summary>
    public const string Provider = "worldfirst";

    /// <summary>Adds the handlers of registration <paramref name="registration"/> to its HttpClient.</summary>
    public static IHttpClientBuilder Add(IHttpClientBuilder http, string registration)
    {
        SdkTelemetry.Register(http.Services);
        WorldFirstAccount Account(IServiceProvider sp) => sp.GetRequiredService<WorldFirstAccountRegistry>().Get(registration);
        TimeProvider Time(IServiceProvider sp) => sp.GetRequiredService<TimeProvider>();

        // 1. Per call: the call's context and telemetry.
        http.AddHttpMessageHandler(sp => new CallHandler(Provider, sp.GetRequiredService<SdkTelemetry>()));

        // 2. Retry: Microsoft.Extensions.Http.Resilience's standard handler with the SDK's predicates (see ProviderResilience).
        ProviderResilience.AddStandardPipeline(http, sp => Account(sp).Settings.Value.Resilience);

        // 3. Per attempt: logged; Result reads only bodies Verification passed; Signing is innermost, so every attempt
        //    gets a fresh Request-Time and signature over the very bytes that leave.
        http.AddHttpMessageHandler(sp => new AttemptHandler(new AttemptRecorder(
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("KeySecure.Generated.WorldFirst"),
                sp.GetRequiredService<SdkTelemetry>())))
            .AddHttpMessageHandler(sp => new WorldFirstResultHandler(Account(sp).Settings, Time(sp)))
            .AddHttpMessageHandler(sp => new WorldFirstVerificationHandler(Account(sp).Keys, Account(sp).Settings))
            .AddHttpMessageHandler(sp => new WorldFirstSigningHandler(Account(sp).Keys, Account(sp).Settings, Account(sp).AccessTokens, Time(sp)));

        // 4. Transport: no redirects. The SDK logs each attempt itself, redacted; the factory's loggers would log twice
        //    (and be one setting away from printing the Signature header).
        return http.FollowNoRedirects().RemoveAllLoggers();
    }
}
