using System.Globalization;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.Exceptions;

/// <summary>The KeySecure Open Platform answered with a non-zero <c>code</c> in its <c>{code,msg,data}</c> envelope.</summary>
public sealed class KeySecureApiException : ProviderException
{
    /// <summary>Creates the exception for a provider error code of a call whose outcome is known.</summary>
    public KeySecureApiException(int code, string? providerMessage, string? operationId, DateTimeOffset? serverDate = null)
        : this(code, providerMessage, operationId, serverDate, statusCode: 200, outcomeUnknown: false)
    {
    }

    /// <summary>
    /// Creates the exception for <paramref name="operation"/>. A 1001 (system error) says nothing about what the
    /// provider committed, so for a call that changes state its outcome is unknown; any other code is a refusal.
    /// </summary>
    internal KeySecureApiException(int code, string? providerMessage, OperationMetadata? operation, DateTimeOffset? serverDate, int statusCode)
        : this(code, providerMessage, operation?.OperationId, serverDate, statusCode,
            CallOutcome.IsUnknown(operation, mayHaveReachedServer: code == KeySecureErrorCodes.SystemError))
    {
    }

    private KeySecureApiException(int code, string? providerMessage, string? operationId, DateTimeOffset? serverDate, int statusCode, bool outcomeUnknown)
        : base(BuildMessage(code, providerMessage, operationId, outcomeUnknown), operationId, statusCode,
            code.ToString(CultureInfo.InvariantCulture), providerMessage, innerException: null)
    {
        Code = code;
        Meaning = KeySecureErrorCodes.Describe(code);
        ServerDate = serverDate;
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>
    /// The provider's error code as a number (e.g. 1007), for <c>catch ... when (e.Code == 4005)</c>;
    /// <see cref="ProviderException.ErrorCode"/> is the same code as text, as every provider's exception carries it. The
    /// provider's <c>msg</c> is <see cref="ProviderException.ProviderMessage"/> (for 1004 it starts with the field name).
    /// </summary>
    public int Code { get; }

    /// <summary>The documented meaning of <see cref="Code"/>, or a note that the code is undocumented.</summary>
    public string Meaning { get; }

    /// <summary>The server's clock (HTTP <c>Date</c>) when the error was produced, if the response carried it.</summary>
    public DateTimeOffset? ServerDate { get; }

    /// <summary>True for a documented code.</summary>
    public bool IsDocumented => KeySecureErrorCodes.IsDocumented(Code);

    /// <summary>1001 (system error) and 1009 (too frequent) may succeed later.</summary>
    internal override bool IsTransientFailure => Code is KeySecureErrorCodes.SystemError or KeySecureErrorCodes.TooFrequent;

    private static string BuildMessage(int code, string? providerMessage, string? operationId, bool outcomeUnknown)
    {
        var where = operationId is null ? "KeySecure" : $"KeySecure {operationId}";
        // The provider's msg names fields, never values, so it is safe to repeat; it is still cut to a short length.
        var msg = string.IsNullOrWhiteSpace(providerMessage) ? string.Empty : $" (msg: {Redaction.Excerpt(providerMessage, 200)})";
        var text = $"{where} failed with code {code}: {KeySecureErrorCodes.Describe(code)}{msg}.";
        return outcomeUnknown ? text + CallOutcome.Describe(operationId) : text;
    }
}
