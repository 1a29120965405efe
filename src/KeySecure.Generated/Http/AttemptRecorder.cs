using System.Diagnostics;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.Http;

/// <summary>
/// What every attempt records, inside the retries: its number, one log line (operation, method, path, status,
/// provider code, duration, attempt), its telemetry, and whether it may have reached the provider. A transport failure
/// becomes a <see cref="ProviderResponseException"/> that says so. It never logs headers or bodies, so credentials,
/// tokens, ciphertexts and card data cannot reach a log from here. Used by the per-attempt handler of each provider.
/// </summary>
internal sealed partial class AttemptRecorder(ILogger logger, SdkTelemetry telemetry)
{
    /// <summary>Starts the next attempt of <paramref name="request"/>'s call.</summary>
    public Attempt Start(HttpRequestMessage request)
    {
        var call = CallContext.Of(request);
        // Each attempt is judged on its own: until its body is written it has not left.
        if (request.Content is RequestBodyContent body) request.Content = body.ForAttempt();
        call.LastAttemptMayHaveLeft = false;
        return new Attempt(call, call.NextAttempt(), Stopwatch.GetTimestamp());
    }

    /// <summary>Records an attempt that produced a usable response.</summary>
    public void Succeeded(HttpRequestMessage request, Attempt attempt, HttpResponseMessage response)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogSuccess(logger, OperationOf(attempt.Call), request.Method.Method, PathOf(request), (int)response.StatusCode,
                Stopwatch.GetElapsedTime(attempt.Started).TotalMilliseconds, attempt.Number);
        }
        telemetry.RecordAttempt(attempt.Call, attempt.Number, (int)response.StatusCode, failure: null);
    }

    /// <summary>Records a failed attempt and returns the exception to throw for it (<paramref name="thrown"/> itself, or its translation).</summary>
    public Exception Failed(HttpRequestMessage request, Attempt attempt, Exception thrown, CancellationToken cancellationToken)
    {
        var call = attempt.Call;
        // Recorded once per attempt, and read by the retry predicate and the call's translation: a failure without an
        // answer (a reset, this attempt's timeout, the caller's cancellation) may have reached the provider only if the
        // request did leave (see CallOutcome.MayHaveLeft); an answer says itself whether the call may have been applied.
        var left = CallOutcome.MayHaveLeft(request, thrown);
        call.LastAttemptMayHaveLeft = left;
        var failure = thrown is HttpRequestException or IOException ? SdkErrors.Transport(thrown, call.Operation, left) : thrown;
        // For a write, that is what makes the call's outcome unknown (for a read, OutcomeUnknown is never set and the
        // flag does not matter).
        call.MayHaveReachedServer |= failure is KeySecureException sdk ? sdk.OutcomeUnknown : left;
        if ((failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && logger.IsEnabled(LogLevel.Warning))
        {
            LogFailure(logger, OperationOf(call), request.Method.Method, PathOf(request), Describe(failure),
                Stopwatch.GetElapsedTime(attempt.Started).TotalMilliseconds, attempt.Number);
        }
        telemetry.RecordAttempt(call, attempt.Number, statusCode: null, failure);
        return failure;
    }

    private static string OperationOf(CallContext call) => call.Operation?.OperationId ?? "unknown";

    // Built only for a line that is written: redacting the path splits and joins it.
    private static string PathOf(HttpRequestMessage request) => Redaction.RedactPath(request.RequestUri?.AbsolutePath);

    // Codes and parts only: exception messages are redacted by design, but a log line need not rely on that.
    private static string Describe(Exception failure) => failure switch
    {
        KeySecureApiException api => $"code {api.Code} ({api.Meaning})",
        WorldFirstApiException api => $"result F {api.ResultCode}",
        WorldFirstUnknownResultException unknown => $"result U {unknown.ResultCode}",
        WorldFirstSignatureException signature => $"signature {signature.Part}",
        ProviderResponseException { StatusCode: 0, InnerException: HttpRequestException network } => $"network {network.HttpRequestError}",
        ProviderResponseException { StatusCode: 0 } provider => $"network {provider.InnerException?.GetType().Name}",
        ProviderResponseException provider => $"HTTP {provider.StatusCode}",
        KeySecureException sdk => sdk.GetType().Name,
        OperationCanceledException => "timed out",
        _ => failure.GetType().Name,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Operation} {Method} {Path} -> HTTP {Status} in {ElapsedMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogSuccess(ILogger logger, string operation, string method, string path, int status, double elapsedMs, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Operation} {Method} {Path} -> {Outcome} in {ElapsedMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogFailure(ILogger logger, string operation, string method, string path, string outcome, double elapsedMs, int attempt);
}

/// <summary>One attempt of a call: its context, 1-based number and start timestamp.</summary>
internal readonly record struct Attempt(CallContext Call, int Number, long Started);
