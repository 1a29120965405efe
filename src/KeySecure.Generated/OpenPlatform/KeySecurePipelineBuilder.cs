using KeySecure.Generated.Http;
using KeySecure.Generated.OpenPlatform.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.OpenPlatform;

/// <summary>
/// The one place that states the order of a KeySecure merchant's pipeline, outermost first: per call, retry, per
/// attempt, transport. The DI registration only names the HttpClient and calls <see cref="Add"/>.
/// </summary>
internal static class KeySecurePipelineBuilder
{
    /// <summary>The provider's name in telemetry.</summary>
    public const string Provider = "keysecure";

    /// <summary>Adds the handlers of merchant <paramref name="registration"/> to its HttpClient.</summary>
    public static IHttpClientBuilder Add(IHttpClientBuilder http, string registration)
    {
        SdkTelemetry.Register(http.Services);
        MerchantContext Merchant(IServiceProvider sp) => sp.GetRequiredService<MerchantContextRegistry>().Get(registration);

        // 1. Per call: the call's context, telemetry and translation of failures; the PIN and CVV checked and
        //    encrypted once; the Access-Token fetched under the caller's token, outside any attempt.
        http.AddHttpMessageHandler(sp => new CallHandler(Provider, sp.GetRequiredService<SdkTelemetry>()))
            .AddHttpMessageHandler(sp => new CallPreparationHandler(Merchant(sp)));

        // 2. Retry: Microsoft.Extensions.Http.Resilience's standard handler (limiter when configured, total timeout,
        //    retry, circuit breaker, attempt timeout) with the SDK's predicates (see ProviderResilience). Get Token, which
        //    the SDK sends itself while calls wait for its token, runs on a pipeline instance of its own, with its own
        //    breaker and no limiter (one request at a time), so those waiting calls can never starve it.
        ProviderResilience.AddStandardPipeline(http, sp => Options(sp, registration).Resilience, singleFlightInstance: TokenPipeline)
            .SelectPipelineBy(_ => request => OperationMetadata.Of(request)?.Auth == OperationAuth.ApiKey ? TokenPipeline : ApiPipeline);

        // 3. Per attempt: stamped afresh (and replayed once on 1005/1007, which counts as an attempt), logged, the
        //    envelope opened; one handler for the three (see KeySecureAttemptHandler).
        http.AddHttpMessageHandler(sp => new KeySecureAttemptHandler(
            Merchant(sp), new AttemptRecorder(LoggerFor(sp), sp.GetRequiredService<SdkTelemetry>())));

        // 4. Transport: no redirects. The SDK logs each attempt itself, redacted; the factory's loggers would log twice.
        return http.FollowNoRedirects().RemoveAllLoggers();
    }

    private const string ApiPipeline = "api";
    private const string TokenPipeline = "token";

    private static KeySecureOptions Options(IServiceProvider sp, string registration) =>
        sp.GetRequiredService<IOptionsMonitor<KeySecureOptions>>().Get(registration);

    private static ILogger LoggerFor(IServiceProvider sp) =>
        (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("KeySecure.Generated.OpenPlatform");
}
