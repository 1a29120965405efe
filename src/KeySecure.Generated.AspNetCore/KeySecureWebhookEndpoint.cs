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
        WebhookDeliveryClaim claim;
        try
        {
            claim = await registrations.GetReplayGuard(registrationName).ClaimAsync(webhookEvent, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            // Without the record a replay could not be told apart; the platform will deliver again.
            Log.ReplayStoreFailed(logger, webhookEvent.Id, exception.GetType().FullName ?? exception.GetType().Name);
            await WriteReplyAsync(context, StatusCodes.Status503ServiceUnavailable, 503, "replay record unavailable").ConfigureAwait(false);
            return;
        }

        await using (claim.ConfigureAwait(false))
        {
            if (claim.State == WebhookDeliveryState.AlreadyHandled)
            {
                Log.Duplicate(logger, webhookEvent.Action.Value, webhookEvent.Id);
                await WriteReplyAsync(context, StatusCodes.Status200OK, 0, string.Empty).ConfigureAwait(false);
                return;
            }
            if (claim.State == WebhookDeliveryState.InProgress)
            {
                Log.InProgress(logger, webhookEvent.Action.Value, webhookEvent.Id);
                await WriteReplyAsync(context, StatusCodes.Status409Conflict, 409, "delivery in progress").ConfigureAwait(false);
                return;
            }

            var handler = services.GetRequiredService<IKeySecureWebhookHandler>();
            var reply = webhookEvent.Action == WebhookAction.Auth
                ? await HandleAuthAsync(context, handler, webhookEvent, options.AuthResponseBudget - time.GetElapsedTime(started), time, logger).ConfigureAwait(false)
                : await HandleOtherAsync(context, handler, webhookEvent, logger).ConfigureAwait(false);
            if (reply is not { } answer) return;

            if (answer.Code == 0)
            {
                try
                {
                    await claim.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    // The handler acted, so the answer stays "accepted"; only the record of it is missing.
                    Log.ReplayStoreFailed(logger, webhookEvent.Id, exception.GetType().FullName ?? exception.GetType().Name);
                }
            }
            await WriteReplyAsync(context, answer.Status, answer.Code, answer.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a non-Auth handler; null when the platform hung up (no reply).</summary>
    private static async Task<Reply?> HandleOtherAsync(HttpContext context, IKeySecureWebhookHandler handler, KeySecureWebhookEvent webhookEvent, ILogger logger)
    {
        var aborted = context.RequestAborted;
        try
        {
            var task = webhookEvent.Action == WebhookAction.Consumption
                ? handler.HandleConsumptionAsync(webhookEvent, webhookEvent.AsConsumption(), aborted)
                : webhookEvent.Action == WebhookAction.CardUpdate
                    ? handler.HandleCardUpdateAsync(webhookEvent, webhookEvent.AsCardUpdate(), aborted)
                    : handler.HandleUnknownAsync(webhookEvent, aborted);
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            LogHandlerFailure(logger, webhookEvent, exception);
            return Reply.HandlerFailed;
        }
        return Reply.Accepted;
    }

    /// <summary>Runs the Auth handler within its budget; null when the platform hung up (no reply).</summary>
    private static async Task<Reply?> HandleAuthAsync(
        HttpContext context,
        IKeySecureWebhookHandler handler,
        KeySecureWebhookEvent webhookEvent,
        TimeSpan remaining,
        TimeProvider time,
        ILogger logger)
    {
        var aborted = context.RequestAborted;
        using var budget = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, aborted);

        Task? task = null;
        try
        {
            task = handler.HandleAuthAsync(webhookEvent, webhookEvent.AsAuth(), linked.Token);
            // Do not wait past the budget even when the handler ignores its token.
            await task.WaitAsync(budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            // This continuation may run inline inside the budget's cancellation, before the linked source heard of
            // it; cancel the handler's token explicitly before the sources are disposed.
            linked.Cancel();
            if (task is { IsCompleted: false }) Observe(task);
            Log.AuthTimedOut(logger, webhookEvent.Id, (long)remaining.TotalMilliseconds);
            return new Reply(StatusCodes.Status200OK, 500, "timeout");
        }
        catch (Exception exception)
        {
            LogHandlerFailure(logger, webhookEvent, exception);
            return Reply.HandlerFailed;
        }
        return Reply.Accepted;
    }

    /// <summary>An answer to the platform: HTTP status, body code and message.</summary>
    private readonly record struct Reply(int Status, int Code, string Message)
    {
        public static Reply Accepted => new(StatusCodes.Status200OK, 0, string.Empty);

        public static Reply HandlerFailed => new(StatusCodes.Status500InternalServerError, 500, "handler failed");
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
    private static void LogHandlerFailure(ILogger logger, KeySecureWebhookEvent webhookEvent, Exception exception) =>
        Log.HandlerFailed(
            logger,
            webhookEvent.Action.Value,
            webhookEvent.Id,
            exception.GetType().FullName ?? exception.GetType().Name,
            Redaction.Excerpt(exception.Message, 200),
            exception.StackTrace ?? string.Empty);

    /// <summary>Keeps a handler that overran its budget from raising an unobserved task exception.</summary>
    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "KeySecure webhook rejected: {Reason}.")]
        public static partial void Rejected(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Warning, "KeySecure webhook body larger than {MaxBodyBytes} bytes refused.")]
        public static partial void BodyTooLarge(ILogger logger, int maxBodyBytes);

        [LoggerMessage(3, LogLevel.Information, "KeySecure webhook body could not be read ({ExceptionType}); no reply sent.")]
        public static partial void BodyUnreadable(ILogger logger, string exceptionType);

        [LoggerMessage(4, LogLevel.Warning, "KeySecure Auth webhook {EventId} not handled within its {BudgetMs} ms budget; answered code 500 \"timeout\" so the platform applies its default decision.")]
        public static partial void AuthTimedOut(ILogger logger, string? eventId, long budgetMs);

        [LoggerMessage(5, LogLevel.Error, "KeySecure webhook handler failed for {Action} {EventId}: {ExceptionType}: {ExceptionMessage}\n{StackTrace}")]
        public static partial void HandlerFailed(ILogger logger, string action, string? eventId, string exceptionType, string exceptionMessage, string stackTrace);

        [LoggerMessage(6, LogLevel.Information, "KeySecure webhook {Action} {EventId} was already handled (same signed content); answered code 0 without handling it again.")]
        public static partial void Duplicate(ILogger logger, string action, string? eventId);

        [LoggerMessage(7, LogLevel.Information, "KeySecure webhook {Action} {EventId} is being handled by another request; answered 409 so the platform delivers it again later.")]
        public static partial void InProgress(ILogger logger, string action, string? eventId);

        [LoggerMessage(8, LogLevel.Error, "KeySecure webhook {EventId}: the replay record could not be read or written ({ExceptionType}).")]
        public static partial void ReplayStoreFailed(ILogger logger, string? eventId, string exceptionType);
    }
}
