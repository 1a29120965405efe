using System.Diagnostics;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.Http;

/// <summary>
/// Logs one line per attempt: operation, method, path, status, provider code, duration and attempt. It never logs
/// headers or bodies, so credentials, tokens, ciphertexts and card data cannot reach a log from here.
/// </summary>
public sealed partial class LoggingHandler : DelegatingHandler
{
    private readonly ILogger _logger;

    /// <summary>Creates the handler.</summary>
    public LoggingHandler(ILogger logger) => _logger = logger;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = OperationMetadata.Of(request)?.OperationId ?? "unknown";
        var attempt = request.Options.TryGetValue(ResilienceHandler.AttemptKey, out var n) ? n : 1;
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            LogSuccess(_logger, operation, request.Method.Method, path, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);
            return response;
        }
        catch (KeySecureApiException api)
        {
            LogProviderError(_logger, operation, request.Method.Method, path, api.Code, api.Meaning, Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);
            throw;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var status = failure is ProviderResponseException p ? p.StatusCode : 0;
            LogFailure(_logger, operation, request.Method.Method, path, status, failure.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);
            throw;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Operation} {Method} {Path} -> HTTP {Status} in {ElapsedMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogSuccess(ILogger logger, string operation, string method, string path, int status, double elapsedMs, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Operation} {Method} {Path} -> code {Code} ({Meaning}) in {ElapsedMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogProviderError(ILogger logger, string operation, string method, string path, int code, string meaning, double elapsedMs, int attempt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Operation} {Method} {Path} -> failed (HTTP {Status}, {Failure}) in {ElapsedMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogFailure(ILogger logger, string operation, string method, string path, int status, string failure, double elapsedMs, int attempt);
}
