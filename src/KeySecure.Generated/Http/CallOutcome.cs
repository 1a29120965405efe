using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.Http;

/// <summary>
/// The one place that decides whether a failed call may have been applied by the provider. The exceptions, the retry
/// predicate and the CLI's exit codes all follow it.
/// </summary>
internal static class CallOutcome
{
    /// <summary>
    /// True when a failure of <paramref name="operation"/> leaves it possibly applied: it changes state or moves money
    /// (or its effect is unknown) and the failure happened after a byte could have reached the provider.
    /// </summary>
    public static bool IsUnknown(OperationMetadata? operation, bool mayHaveReachedServer) =>
        mayHaveReachedServer && operation?.Effect is not OperationEffect.Read;

    /// <summary>
    /// Whether an attempt of <paramref name="request"/> that failed with <paramref name="failure"/> may have reached the
    /// provider in a form it could act on. A body the SDK built says so itself (<see cref="RequestBodyContent.Transmitted"/>:
    /// until the transport writes it, the provider holds at most an incomplete request); a request without one may
    /// have, unless the connection could not even be opened.
    /// </summary>
    public static bool MayHaveLeft(HttpRequestMessage request, Exception? failure) =>
        !NeverReachedServer(failure) && (request.Content is not RequestBodyContent body || body.Transmitted);

    /// <summary>True when the failure happened before any byte of the request could reach the server.</summary>
    public static bool NeverReachedServer(Exception? exception) => exception switch
    {
        HttpRequestException http => http.HttpRequestError is HttpRequestError.NameResolutionError
            or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError
            or HttpRequestError.ProxyTunnelError,
        _ => false,
    };

    /// <summary>
    /// Whether a call that failed with HTTP <paramref name="statusCode"/> (0: no response) may have been processed:
    /// a network failure after connecting, a 408, a 5xx, or a success status whose body could not be used. A 3xx, a
    /// 429 and the other 4xx are refusals of a request that was not processed.
    /// </summary>
    public static bool MayHaveBeenProcessed(int statusCode, Exception? inner) => statusCode switch
    {
        0 => !NeverReachedServer(inner),
        408 => true,
        >= 500 => true,
        >= 200 and < 300 => true,
        _ => false,
    };

    /// <summary>
    /// What a caller should do when <paramref name="operationId"/> may have been applied. From the provider's pages: a
    /// merchant-side unique number identifies the request, but no page says how a repeated one is answered, so a
    /// resend is never called safe: the advice is to read the resource back by that number first.
    /// </summary>
    public static string AdviceFor(string? operationId) => operationId switch
    {
        "ApplyCardholder" => "Read it back with ListCardholders filtered by the same cardholder_unique_no before doing anything else. The provider does not document how a repeated cardholder_unique_no is answered, so resending is not known to be safe; never resend with a new cardholder_unique_no.",
        "ApplyCard" => "Read it back with ListCards filtered by the same card_unique_no before doing anything else. The provider does not document how a repeated card_unique_no is answered, so resending is not known to be safe; never resend with a new card_unique_no, which could issue a second card.",
        "TransferFunds" => "Read it back with ListTransfers filtered by the same transfer_unique_no (and check GetCardholderAccounts) before doing anything else. The provider does not document how a repeated transfer_unique_no is answered, so resending is not known to be safe; never resend with a new transfer_unique_no, which could move the money twice.",
        "ActivateCard" or "UpdateCardStatus" => "Read the card back with GetCardDetail: if its status is already the one requested, the call was applied.",
        "SetCardPin" => "A PIN cannot be read back and the provider documents no way to confirm it: ask KeySecure before setting it again.",
        _ => "Read the resource back before sending the call again.",
    };

    /// <summary>The sentence every unknown-outcome message carries.</summary>
    public static string Describe(string? operationId) =>
        $" The outcome is unknown: {operationId ?? "the call"} may have been applied by the provider, so it is not safe to retry blindly. {AdviceFor(operationId)}";
}
