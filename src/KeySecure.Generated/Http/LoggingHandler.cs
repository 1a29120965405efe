using System.Diagnostics;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.Http;

/// <summary>
/// Logs one line per attempt: operation, method, path, status, provider code, duration and attempt. It never logs
/// headers or bodies, so credentials, tokens, ciphertexts and card data cannot reach a log from here.
/// </summary>
internal sealed partial class LoggingHandler : DelegatingHandler
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
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailure(_logger, operation, request.Method.Method, path, Outcome(failure), Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);
            throw;
        }
    }

    // Codes and parts only: exception messages are redacted by design, but a log line need not rely on that.
    private static string Outcome(Exception failure) => failure switch
    {
        KeySecureApiException api => $"code {api.Code} ({api.Meaning})",
        WorldFirstApiException api => $"result F {api.ResultCode}",
        WorldFirstUnknownResultException unknown => $"result U {unknown.ResultCode}",
        WorldFirstSignatureException signature => $"signature {signature.Part}",
        ProviderResponseException provider => provider.StatusCode == 0 ? "no HTTP response" : $"HTTP {provider.StatusCode}",
        KeySecureException sdk => sdk.GetType().Name,
        HttpRequestException network => $"network {network.HttpRequestError}",
        OperationCanceledException => "timed out",
        _ => failure.GetType().Name,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Operation} {Method} {Path} -> HTTP {Status} in {ElapsedMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogSuccess(ILogger logger, string operation, string method, string path, int status, double elapsedMs, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Operation} {Method} {Path} -> {Outcome} in {ElapsedMs:0.0} ms (attempt {Attempt})")]
    private static partial void LogFailure(ILogger logger, string operation, string method, string path, string outcome, double elapsedMs, int attempt);
}
