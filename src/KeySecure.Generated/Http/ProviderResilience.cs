using System.Runtime.CompilerServices;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly;
using Polly.Timeout;

namespace KeySecure.Generated.Http;

/// <summary>
/// The resilience of a provider pipeline is Microsoft.Extensions.Http.Resilience's standard handler: its strategies,
/// order, defaults and validation (concurrency limiter, total timeout, retry with exponential backoff and jitter,
/// circuit breaker, attempt timeout), built from the library's own <see cref="HttpStandardResilienceOptions"/>, which
/// the merchant configures. The SDK adds its rules, in the predicates (what may be sent again, what counts against the
/// provider, how long a <c>Retry-After</c> may hold a call), and leaves out what cannot act on a pipeline's calls
/// (<see cref="ResilienceSelection"/>).
/// </summary>
/// <remarks>
/// The pipeline is registered by the HttpClient's name, so the library's registry builds it once per registration:
/// every handler IHttpClientFactory creates for that name shares its limiter and circuit breaker, and two merchants
/// never share one.
/// </remarks>
internal static partial class ProviderResilience
{
    /// <summary>
    /// Adds the standard handler's pipeline to <paramref name="http"/>, configured from the registration's own options
    /// (<paramref name="configured"/>) with the SDK's predicates, and validated at start-up by the library's validators.
    /// The pipeline instance named <paramref name="singleFlightInstance"/> (selected per request by the caller) sends
    /// one request at a time by construction, so it carries no limiter.
    /// </summary>
    public static IHttpResiliencePipelineBuilder AddStandardPipeline(IHttpClientBuilder http, Func<IServiceProvider, HttpStandardResilienceOptions> configured, string? singleFlightInstance = null)
    {
        IHttpResiliencePipelineBuilder? standard = null;
        standard = http.AddResilienceHandler(StandardIdentifier, (builder, context) =>
            Build(builder, context, standard!.PipelineName, singleFlight: singleFlightInstance is not null && context.InstanceName == singleFlightInstance));
        http.Services.AddOptions<HttpStandardResilienceOptions>(standard.PipelineName)
            .Configure<IServiceProvider>((options, services) => Apply(options, Configured(configured, services), services))
            .ValidateOnStart();
        AddLibraryValidators(http.Services);
        return standard;
    }

    // The library's own name for the standard pipeline: its options are "{client}-standard", as AddStandardResilienceHandler names them.
    private const string StandardIdentifier = "standard";

    // What AddStandardResilienceHandler builds, in its order, less the strategies that cannot act on this pipeline's calls.
    private static void Build(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context, string optionsName, bool singleFlight)
    {
        context.EnableReloads<HttpStandardResilienceOptions>(optionsName);
        var options = context.GetOptions<HttpStandardResilienceOptions>(optionsName);
        var selection = ResilienceSelection.For(options, singleFlight, PollyMeterListeners.Any);
        // Set by the registry from the application's TelemetryOptions; without a listener it only costs every call a step.
        if (!selection.Telemetry) builder.TelemetryListener = null;
        if (selection.Limiter) builder.AddRateLimiter(options.RateLimiter);
        builder.AddTimeout(options.TotalRequestTimeout)
            .AddRetry(options.Retry)
            .AddCircuitBreaker(options.CircuitBreaker);
        if (selection.AttemptTimeout) builder.AddTimeout(options.AttemptTimeout);
    }

    // The library validates HttpStandardResilienceOptions with validators of its own (generated from the options'
    // attributes, and the cross-checks: attempt timeout within the total, sampling duration at least twice the attempt
    // timeout), internal types that AddStandardResilienceHandler registers for every options name. They are taken from
    // a collection it was called on, so the merchant's settings are refused at start-up exactly as the library refuses them.
    // Found once per process: every registration adds the same descriptors (TryAddEnumerable keeps one of each).
    private static void AddLibraryValidators(IServiceCollection services)
    {
        foreach (var validator in LibraryValidators.Value)
        {
            services.TryAddEnumerable(validator);
        }
    }

    private static readonly Lazy<ServiceDescriptor[]> LibraryValidators = new(() =>
    {
        var library = new ServiceCollection();
        library.AddHttpClient(StandardIdentifier).AddStandardResilienceHandler();
        return library.Where(d => d.ServiceType == typeof(IValidateOptions<HttpStandardResilienceOptions>)).ToArray();
    });

    // The registration's strategy options, as the merchant set them, with the SDK's rules in their predicates: they are
    // what keeps a write from being sent twice, so a Retry.ShouldHandle of the merchant's own can only narrow them (one
    // that always answers false switches retries off, which the library's MaxRetryAttempts, at least 1, cannot).
    private static void Apply(HttpStandardResilienceOptions options, HttpStandardResilienceOptions? configured, IServiceProvider services)
    {
        if (configured is not null)
        {
            options.RateLimiter = configured.RateLimiter;
            options.TotalRequestTimeout = configured.TotalRequestTimeout;
            options.Retry = configured.Retry;
            options.CircuitBreaker = configured.CircuitBreaker;
            options.AttemptTimeout = configured.AttemptTimeout;
        }

        // A Retry-After the call cannot wait out fails it at once: longer than Retry.MaxDelay when that is set, else
        // longer than the whole call's budget.
        var retryAfterCap = options.Retry.MaxDelay ?? options.TotalRequestTimeout.Timeout;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("KeySecure.Generated.Resilience");
        // Read once per options object: the library's options share it, so a second pass sees the SDK's predicate there.
        var ownPredicate = OwnRetryPredicates.GetValue(options.Retry, retry => new(IsLibraryDefault(retry.ShouldHandle) ? null : retry.ShouldHandle)).Value;
        options.Retry.ShouldHandle = ownPredicate is null
            ? args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, retryAfterCap))
            : args => ShouldRetry(args.Outcome, args.Context, retryAfterCap) ? ownPredicate(args) : ValueTask.FromResult(false);
        // The inner handlers turn every unusable answer into an exception, so the server's Retry-After arrives on it
        // rather than on a response; null lets the exponential backoff decide.
        options.Retry.DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is KeySecureException { RetryAfter: { } wait } ? (TimeSpan?)wait : null);
        options.Retry.OnRetry = args =>
        {
            if (logger is not null) LogRetry(logger, args);
            return default;
        };
        options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsProviderFailure(args.Outcome));
    }

    // The provider's options, or null when they are invalid: their own start-up validation names the problem once,
    // and the pipeline keeps the library's defaults with the SDK's predicates meanwhile.
    private static HttpStandardResilienceOptions? Configured(Func<IServiceProvider, HttpStandardResilienceOptions> configured, IServiceProvider services)
    {
        try
        {
            return configured(services);
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    // The library's own transient-failure predicate never sees a failure here (the inner handlers throw the SDK's
    // exceptions), so it is not a choice of the merchant's: only a predicate they set themselves is.
    private static readonly Func<Polly.Retry.RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> LibraryRetryPredicate =
        new HttpRetryStrategyOptions().ShouldHandle;

    private static readonly ConditionalWeakTable<HttpRetryStrategyOptions, StrongBox<Func<Polly.Retry.RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>>?>> OwnRetryPredicates = new();

    private static bool IsLibraryDefault(Func<Polly.Retry.RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> predicate) =>
        predicate.Equals(LibraryRetryPredicate);

    /// <summary>
    /// Whether a failed attempt is sent again: a read when it failed transiently (within the <c>Retry-After</c> cap),
    /// anything when it certainly never reached the provider, nothing else. The exceptions' own contract decides
    /// what is transient; the operation's effect decides whether reaching the provider forbids a retry.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan retryAfterCap)
    {
        var request = context.GetRequestMessage();
        var call = request is null ? null : CallContext.Existing(request);
        var retrySafe = call?.Operation?.IsRetrySafe == true;
        // What the attempt handler recorded: whether the failed attempt may have reached the provider at all.
        var left = call?.LastAttemptMayHaveLeft ?? true;
        return outcome.Exception switch
        {
            // The inner handlers turn every unusable answer into an exception; a response that arrives is a success.
            null => false,
            // The caller gave up: nothing is sent again, whatever the failure.
            _ when context.CancellationToken.IsCancellationRequested => false,
            // WorldFirst's U: its documented schedule starts at 5 minutes, so the caller (or the poller) owns it.
            WorldFirstUnknownResultException => false,
            // The attempt never reached the provider (no connection, a TLS handshake cut by the attempt timeout): sending
            // it again cannot apply anything twice, whatever the operation does.
            TimeoutRejectedException or ProviderResponseException { StatusCode: 0 } when !left => true,
            // An attempt that timed out had been sent: only a read may go again.
            TimeoutRejectedException => retrySafe,
            KeySecureException failure => retrySafe && failure.IsTransient && (failure.RetryAfter is not { } wait || wait <= retryAfterCap),
            _ => false,
        };
    }

    /// <summary>
    /// What the circuit breaker counts: the provider or the path to it failing (timeouts, network failures, 408, 429,
    /// 5xx, codes 1001 and 1009), whatever the call's effect. Business answers (a rejected PIN, a missing cardholder,
    /// a WorldFirst F or U) and bodies that could not be used do not count.
    /// </summary>
    internal static bool IsProviderFailure(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        TimeoutRejectedException => true,
        ProviderResponseException or KeySecureApiException => ((KeySecureException)outcome.Exception).IsTransientFailure,
        _ => false,
    };

    private static void LogRetry(ILogger logger, Polly.Retry.OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Context.GetRequestMessage();
        var operation = request is null ? null : OperationMetadata.Of(request)?.OperationId;
        LogRetrying(logger, operation ?? "unknown", args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Operation}: retry {Retry} after {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, string operation, int retry, double delayMs);
}
