using System.Net.Sockets;
using KeySecure.Generated;
using KeySecure.Generated.Exceptions;
using Microsoft.Extensions.Options;

namespace KeySecure.Cli;

/// <summary>
/// The process exit codes of <c>keysecure</c> and the single mapping from a failure to its exit code and its
/// one-line explanation. Every command and the tour go through <see cref="Classify"/>; nothing else decides an exit code.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug in the tool).</summary>
    public const int Unexpected = 1;

    /// <summary>Invalid input or configuration, detected before any request was sent.</summary>
    public const int InvalidInput = 2;

    /// <summary>The provider answered with an error (a KeySecure code, a WorldFirst <c>F</c> result).</summary>
    public const int ProviderError = 3;

    /// <summary>A signature or decryption check failed: the answer was not trusted.</summary>
    public const int SecurityFailure = 4;

    /// <summary>
    /// The call failed at the HTTP level (status, network, timeout, WorldFirst unknown result) after the retries it
    /// allows, and nothing was applied: it was a read, or a write that never reached the provider or was refused.
    /// </summary>
    public const int TransportFailure = 5;

    /// <summary>
    /// A call that changes state or moves money failed after it could have reached the provider: it may have been
    /// applied (or it was applied, code 0, but its result could not be read). Read the resource back before sending it again.
    /// </summary>
    public const int OutcomeUnknown = 6;

    /// <summary>
    /// Stopped by a signal (Ctrl-C, SIGTERM, SIGQUIT: 130 whichever it was) or by the caller's token, with nothing left
    /// in doubt: a read, or a write stopped before it was sent. A second signal that ends the process at once exits
    /// with the shell's 128 + the signal's number instead (130, 143, 131).
    /// </summary>
    public const int Cancelled = 130;

    /// <summary>
    /// Maps a failure to its exit code and a message fit for stderr. Messages come from the SDK's exceptions, which
    /// never carry card data, secrets or tokens; anything else is passed through <see cref="Redaction.Redact"/>.
    /// </summary>
    /// <param name="failure">What was thrown.</param>
    /// <param name="cancellationToken">The command's token: a cancellation it requested is <see cref="Cancelled"/>, any other is a timeout.</param>
    public static (int ExitCode, string Message) Classify(Exception failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            return Classify(aggregate.InnerExceptions[0], cancellationToken);
        }

        return failure switch
        {
            // First: whatever else went wrong, a write that may have been applied must not be reported as "failed".
            // Applied (code 0) but its result unreadable: an outcome the caller cannot see: read it back and never resend it.
            AppliedWriteUnreadableException applied =>
                (OutcomeUnknown, $"The provider applied the call but its result could not be read; read it back, do not send it again: {applied.Message}"),
            KeySecureException { OutcomeUnknown: true } unknown =>
                (OutcomeUnknown, $"The outcome is unknown, the call may have been applied: {unknown.Message}"),
            // A write cancelled (grace run out, second signal) after it may have reached the provider: not a plain "cancelled".
            OperationCanceledException cancelled when CancelledAfterSending(cancelled) is { } unknown =>
                (OutcomeUnknown, $"Stopped before the provider answered: {unknown.Message}" + Operation(unknown.OperationId)),
            CliUsageException usage => (InvalidInput, usage.Message),
            KeySecure.Sandbox.SandboxStateFileException state => (InvalidInput, state.Message),
            KeySecureValidationException validation =>
                (InvalidInput, $"Invalid input, nothing was sent: '{validation.Field}' {validation.Rule}."),
            OptionsValidationException options =>
                (InvalidInput, "Invalid configuration, nothing was sent: " + Redaction.Redact(string.Join(" ", options.Failures))),

            KeySecureApiException api =>
                (ProviderError, $"KeySecure answered code {api.Code}: {api.Meaning}" +
                    (string.IsNullOrWhiteSpace(api.ProviderMessage) ? "." : $" (provider msg: {Redaction.Excerpt(api.ProviderMessage, 200)}).") + Operation(api)),
            WorldFirstApiException wf =>
                (ProviderError, $"WorldFirst answered F {wf.ResultCode}: {Meaning(wf.ResultCode, wf.ResultMessage)} Advice: {wf.Advice}" +
                    (wf.IsSignatureVerified ? string.Empty : " (the answer was unsigned: treat the code as a hint).") + Operation(wf)),
            ProviderAnsweredFalseException no => (ProviderError, no.Message),

            WorldFirstSignatureException signature =>
                (SecurityFailure, $"Signature check failed ({signature.Part}): {signature.Message} Check WORLDFIRST_PUBLIC_KEY_FILE and the gateway URL."),
            KeySecureCryptoException crypto =>
                (SecurityFailure, $"Decryption failed: {crypto.Message} Check KEYSECURE_API_SECRET (it is the AES key)."),

            WorldFirstUnknownResultException unknown =>
                (TransportFailure, $"WorldFirst answered U {unknown.ResultCode} (result unknown): {unknown.Advice} " +
                    $"Query again later (WorldFirst's schedule: after {string.Join(", ", unknown.RetrySchedule.Select(d => d.TotalMinutes))} minutes) or pass --poll." + Operation(unknown)),
            ProviderResponseException http =>
                (TransportFailure, $"The call failed at the HTTP level after the retries it allows, and nothing was applied: {http.Message}"),
            RequestNotSentException notSent => (TransportFailure, notSent.Message),
            HttpRequestException network =>
                (TransportFailure, $"Network failure: {network.HttpRequestError} ({Redaction.Excerpt(network.Message, 200)})."),
            SocketException socket => (TransportFailure, $"Network failure: {socket.SocketErrorCode}."),
            TimeoutException timeout => (TransportFailure, $"Timed out: {Redaction.Excerpt(timeout.Message, 200)}"),
            OperationCanceledException when cancellationToken.IsCancellationRequested => (Cancelled, "Cancelled."),
            OperationCanceledException => (TransportFailure, "Timed out."),

            _ => (Unexpected, $"Unexpected failure ({failure.GetType().Name}): {Redaction.Excerpt(failure.Message, 300)}"),
        };
    }

    /// <summary>The exit codes and their meaning, for <c>--help</c>.</summary>
    public const string Summary =
        "Exit codes: 0 success; 1 unexpected failure; 2 invalid input or configuration (nothing sent); 3 provider error; " +
        "4 signature or decryption failure; 5 HTTP/network failure after retries, nothing applied; " +
        "6 outcome unknown: a call that changes state or moves money may have been applied (read it back before resending), " +
        "also when a signal stopped it before its answer came; 130 cancelled by a signal, nothing in doubt.";

    private static string Operation(KeySecureException e) => Operation(e.OperationId);

    private static string Operation(string? operationId) => operationId is null ? string.Empty : $" [operation {operationId}]";

    /// <summary>
    /// The SDK's report that a cancelled call may have been applied, wherever it is: HttpClient re-throws a cancellation
    /// that does not carry the caller's token as a TaskCanceledException around it.
    /// </summary>
    private static CallCanceledException? CancelledAfterSending(OperationCanceledException cancelled)
    {
        for (Exception? e = cancelled; e is not null; e = e.InnerException)
        {
            if (e is CallCanceledException { OutcomeUnknown: true } unknown) return unknown;
        }
        return null;
    }

    private static string Meaning(string code, string? providerMessage) =>
        KeySecure.Generated.WorldFirst.WorldFirstResultCodes.All.TryGetValue(code, out var known)
            ? known.Message
            : string.IsNullOrWhiteSpace(providerMessage) ? "undocumented result code." : Redaction.Excerpt(providerMessage, 200);
}
