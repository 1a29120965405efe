using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.OpenPlatform.Handlers;

/// <summary>
/// A KeySecure attempt, inside the retries: stamped afresh (<see cref="RequestStamper"/>), numbered, logged and recorded
/// (<see cref="AttemptRecorder"/>), its envelope opened (<see cref="EnvelopeReader"/>). A call the provider rejected
/// before doing anything is replayed once as a new attempt: 1007 (token expired: refreshed first) or 1005 (timestamp:
/// the clock has meanwhile learned the server's offset from the rejection's <c>Date</c>). That these two codes mean
/// nothing was done is assumed, not documented (<c>x-keysecure-assumed</c> on the Timestamp and AccessToken schemes).
/// </summary>
/// <remarks>
/// One handler rather than one per step: each handler layer costs an asynchronous state machine and a task per
/// attempt once the network answers asynchronously, and these three steps always run together.
/// </remarks>
internal sealed class KeySecureAttemptHandler(MerchantContext merchant, AttemptRecorder recorder) : DelegatingHandler
{
    private readonly RequestStamper _stamper = new(merchant);
    private readonly EnvelopeReader _envelope = new(merchant);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = OperationMetadata.Of(request);
        var auth = operation?.Auth ?? OperationAuth.Token;
        for (var replayed = false; ; replayed = true)
        {
            var attempt = recorder.Start(request);
            string? token = null;
            Exception failure;
            try
            {
                token = await _stamper.StampAsync(request, auth, cancellationToken).ConfigureAwait(false);
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                response = await _envelope.OpenAsync(response, operation, cancellationToken).ConfigureAwait(false);
                recorder.Succeeded(request, attempt, response);
                return response;
            }
            catch (Exception thrown)
            {
                failure = recorder.Failed(request, attempt, thrown, cancellationToken);
                if (replayed || !Replayable(failure, token, auth))
                {
                    if (ReferenceEquals(failure, thrown)) throw;
                    throw failure;
                }
            }
            if (failure is KeySecureApiException { Code: KeySecureErrorCodes.AccessTokenInvalid })
            {
                await merchant.Tokens.InvalidateAsync(token!, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // 1007 with a token that can be refreshed, or 1005 on a stamped request: assumed rejected before anything was done.
    private static bool Replayable(Exception failure, string? token, OperationAuth auth) => failure switch
    {
        KeySecureApiException { Code: KeySecureErrorCodes.AccessTokenInvalid } => token is not null,
        KeySecureApiException { Code: KeySecureErrorCodes.TimestampInvalid } => auth != OperationAuth.None,
        _ => false,
    };
}
