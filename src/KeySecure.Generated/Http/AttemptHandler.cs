using System.Diagnostics;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.Http;

/// <summary>
/// Runs once per attempt, inside the retries: numbers the attempt, logs one line for it (operation, method, path,
/// status, provider code, duration, attempt), records it in telemetry, turns a transport failure into a
/// <see cref="ProviderResponseException"/> that says whether the request may have reached the provider, and notes in
/// the <see cref="CallContext"/> when it may have. It never logs headers or bodies, so credentials, tokens,
/// ciphertexts and card data cannot reach a log from here.
/// </summary>
internal sealed partial class AttemptHandler(ILogger logger, SdkTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = CallContext.Of(request);
        var attempt = call.NextAttempt();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogSuccess(logger, OperationOf(call), request.Method.Method, PathOf(request), (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);
            }
            telemetry.RecordAttempt(call, attempt, (int)response.StatusCode, failure: null);
            return response;
        }
        catch (Exception thrown)
        {
            var failure = thrown is HttpRequestException or IOException ? Transport(thrown, call) : thrown;
            // Anything but a failure known to leave the provider untouched may have reached it: a timeout of this
            // attempt, a reset, a 5xx. For a write, that is what makes the call's outcome unknown (for a read,
            // OutcomeUnknown is never set and the flag does not matter).
            call.MayHaveReachedServer |= failure is not KeySecureException { OutcomeUnknown: false };
            if ((failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && logger.IsEnabled(LogLevel.Warning))
            {
                LogFailure(logger, OperationOf(call), request.Method.Method, PathOf(request), Describe(failure), Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);
            }
            telemetry.RecordAttempt(call, attempt, statusCode: null, failure);
            if (ReferenceEquals(failure, thrown)) throw;
            throw failure;
        }
    }

    private static string OperationOf(CallContext call) => call.Operation?.OperationId ?? "unknown";

    // Built only for a line that is written: redacting the path splits and joins it.
    private static string PathOf(HttpRequestMessage request) => Redaction.RedactPath(request.RequestUri?.AbsolutePath);

    private static ProviderResponseException Transport(Exception network, CallContext call)
    {
        var error = network is HttpRequestException http ? http.HttpRequestError : (network as HttpIOException)?.HttpRequestError ?? HttpRequestError.Unknown;
        var what = CallOutcome.NeverReachedServer(network)
            ? $"Network failure before the request was sent ({error})"
            : $"Network failure after the request may have been sent ({error})";
        return new ProviderResponseException(what, 0, null, call.Operation, null, network, !CallOutcome.NeverReachedServer(network));
    }

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
