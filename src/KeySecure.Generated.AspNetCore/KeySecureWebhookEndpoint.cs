using System.Text.Json;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.AspNetCore;

/// <summary>The request delegate behind <see cref="KeySecureWebhookEndpointRouteBuilderExtensions.MapKeySecureWebhooks(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string)"/>.</summary>
internal static partial class KeySecureWebhookEndpoint
{
    internal const string LoggerCategory = "KeySecure.Generated.AspNetCore.Webhooks";

    public static async Task HandleAsync(HttpContext context, string registrationName)
    {
        var services = context.RequestServices;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var started = time.GetTimestamp();
        var options = services.GetRequiredService<IOptions<KeySecureWebhookEndpointOptions>>().Value;
        var registrations = services.GetRequiredService<WebhookRegistrations>();
        var verifier = registrations.GetVerifier(registrationName);
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);
        var aborted = context.RequestAborted;

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context.Request, options.MaxBodyBytes, aborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The platform went away or sent a broken request: nobody to answer.
            Log.BodyUnreadable(logger, exception.GetType().Name);
            return;
        }

        if (body is null)
        {
            Log.BodyTooLarge(logger, options.MaxBodyBytes);
            await WriteReplyAsync(context, StatusCodes.Status413PayloadTooLarge, 413, "body too large").ConfigureAwait(false);
            return;
        }

        var headers = context.Request.Headers;
        var result = verifier.Verify(
            body,
            headers[WebhookHeaders.Timestamp].ToString(),
            headers[WebhookHeaders.Signature].ToString(),
            headers[WebhookHeaders.SignVersion].ToString(),
            headers.TryGetValue(WebhookHeaders.Timezone, out var timezone) ? timezone.ToString() : null);

        if (!result.Succeeded)
        {
            var reason = result.Detail is null ? result.Failure.Value.ToString() : $"{result.Failure.Value}: {result.Detail}";
            Log.Rejected(logger, reason);
            await WriteReplyAsync(context, StatusCodes.Status401Unauthorized, 401, reason).ConfigureAwait(false);
            return;
        }

        var webhookEvent = result.Event;
        var eventId = WebhookPrintable.Of(webhookEvent.Id);
        var action = WebhookPrintable.Of(webhookEvent.Action.Value) ?? string.Empty;
        var isAuth = webhookEvent.Action == WebhookAction.Auth;
        WebhookDeliveryClaim claim;
        try
        {
            // The lease outlives the handler's time limit, so no other instance takes the delivery while it may still run.
            claim = await registrations.GetReplayGuard(registrationName)
                .ClaimWithLeaseAsync(webhookEvent, options.ReplayLease(isAuth), aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            // Fail closed: without the record a replay could not be told apart; the platform will deliver again.
            Log.ReplayStoreFailed(logger, eventId, exception.GetType().FullName ?? exception.GetType().Name, Redaction.Excerpt(exception.Message, 200));
            await WriteReplyAsync(context, StatusCodes.Status503ServiceUnavailable, 503, "replay record unavailable").ConfigureAwait(false);
            return;
        }

        await using (claim.ConfigureAwait(false))
        {
            switch (claim.State)
            {
                case WebhookDeliveryState.AlreadyHandled:
                    Log.Duplicate(logger, action, eventId);
                    await WriteReplyAsync(context, StatusCodes.Status200OK, 0, string.Empty).ConfigureAwait(false);
                    return;
                case WebhookDeliveryState.InProgress:
                    Log.InProgress(logger, action, eventId);
                    await WriteReplyAsync(context, StatusCodes.Status409Conflict, 409, "delivery in progress").ConfigureAwait(false);
                    return;
                case WebhookDeliveryState.ActionConflict:
                    Log.ActionConflict(logger, action, eventId, WebhookPrintable.Of(claim.RecordedAction));
                    await WriteReplyAsync(context, StatusCodes.Status401Unauthorized, 401, "ActionConflict: the signed content was handled under another action").ConfigureAwait(false);
                    return;
            }

            var limit = isAuth ? options.AuthResponseBudget - time.GetElapsedTime(started) : options.HandlerTimeout;
            var handler = services.GetRequiredService<IKeySecureWebhookHandler>();
            var run = await WebhookHandlerInvocation.RunAsync(handler, webhookEvent, limit, time, aborted).ConfigureAwait(false);
            switch (run.Outcome)
            {
                case HandlerOutcome.Aborted:
                    return;
                case HandlerOutcome.Failed:
                    LogHandlerFailure(logger, action, eventId, run.Failure!);
                    await WriteReplyAsync(context, StatusCodes.Status500InternalServerError, 500, "handler failed").ConfigureAwait(false);
                    return;
                case HandlerOutcome.TimedOut:
                    // A handler still running may yet act: its claim stays until the lease ends instead of being released.
                    if (run.StillRunning) claim.KeepUntilLeaseEnds();
                    Log.TimedOut(logger, action, eventId, (long)limit.TotalMilliseconds);
                    // Auth: HTTP 200 with code 500 makes the platform apply its default decision (documented reply shape).
                    await WriteReplyAsync(context, isAuth ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError, 500, "timeout").ConfigureAwait(false);
                    return;
            }

            try
            {
                if (!await claim.TryCompleteAsync().ConfigureAwait(false)) Log.LeaseLost(logger, action, eventId);
            }
            catch (Exception exception)
            {
                // The handler acted, so the answer stays "accepted"; only the record of it is missing.
                Log.ReplayStoreFailed(logger, eventId, exception.GetType().FullName ?? exception.GetType().Name, Redaction.Excerpt(exception.Message, 200));
            }
            await WriteReplyAsync(context, StatusCodes.Status200OK, 0, string.Empty).ConfigureAwait(false);
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max) return null;

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[Math.Min(16 * 1024, max + 1)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static async Task WriteReplyAsync(HttpContext context, int statusCode, int code, string message)
    {
        if (context.Response.HasStarted) return;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new WebhookReply { Code = code, Message = message }, WebhookReplyJsonContext.Default.WebhookReply);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        try
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The platform hung up.
        }
    }

    /// <summary>
    /// Logs a handler failure without the exception object: its message and data could carry what the merchant read
    /// from the body. The type, a redacted message and the stack trace (method names only) are logged.
    /// </summary>
    private static void LogHandlerFailure(ILogger logger, string action, string? eventId, Exception exception) =>
        Log.HandlerFailed(
            logger,
            action,
            eventId,
            exception.GetType().FullName ?? exception.GetType().Name,
            Redaction.Excerpt(exception.Message, 200),
            exception.StackTrace ?? string.Empty);

    // Every id and action below went through WebhookPrintable: neither is signed, so either could carry a forged log line.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "KeySecure webhook rejected: {Reason}.")]
        public static partial void Rejected(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Warning, "KeySecure webhook body larger than {MaxBodyBytes} bytes refused.")]
        public static partial void BodyTooLarge(ILogger logger, int maxBodyBytes);

        [LoggerMessage(3, LogLevel.Information, "KeySecure webhook body could not be read ({ExceptionType}); no reply sent.")]
        public static partial void BodyUnreadable(ILogger logger, string exceptionType);

        [LoggerMessage(4, LogLevel.Warning, "KeySecure webhook {Action} {EventId} not handled within its {LimitMs} ms; answered code 500 \"timeout\" (for Auth the platform then applies its default decision).")]
        public static partial void TimedOut(ILogger logger, string action, string? eventId, long limitMs);

        [LoggerMessage(5, LogLevel.Error, "KeySecure webhook handler failed for {Action} {EventId}: {ExceptionType}: {ExceptionMessage}\n{StackTrace}")]
        public static partial void HandlerFailed(ILogger logger, string action, string? eventId, string exceptionType, string exceptionMessage, string stackTrace);

        [LoggerMessage(6, LogLevel.Information, "KeySecure webhook {Action} {EventId} was already handled (same signed content); answered code 0 without handling it again.")]
        public static partial void Duplicate(ILogger logger, string action, string? eventId);

        [LoggerMessage(7, LogLevel.Information, "KeySecure webhook {Action} {EventId} is being handled by another request; answered 409 so the platform delivers it again later.")]
        public static partial void InProgress(ILogger logger, string action, string? eventId);

        [LoggerMessage(8, LogLevel.Error, "KeySecure webhook {EventId}: the replay record could not be read or written ({ExceptionType}: {ExceptionMessage}); a delivery that cannot be claimed is answered 503 and not handled.")]
        public static partial void ReplayStoreFailed(ILogger logger, string? eventId, string exceptionType, string exceptionMessage);

        [LoggerMessage(9, LogLevel.Warning, "KeySecure webhook {Action} {EventId}: its signed content was already handled or is being handled as {RecordedAction}; refused with 401 as a possible forgery (the action is not signed).")]
        public static partial void ActionConflict(ILogger logger, string action, string? eventId, string? recordedAction);

        [LoggerMessage(10, LogLevel.Warning, "KeySecure webhook {Action} {EventId}: the claim's lease ended before the handler finished and another request holds the delivery now; its record was left as it is, so the delivery may be handled twice. Raise HandlerTimeout or make the handler faster.")]
        public static partial void LeaseLost(ILogger logger, string action, string? eventId);
    }
}
