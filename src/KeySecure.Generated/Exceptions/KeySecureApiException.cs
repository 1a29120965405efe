namespace KeySecure.Generated.Exceptions;

/// <summary>The KeySecure Open Platform answered with a non-zero <c>code</c> in its <c>{code,msg,data}</c> envelope.</summary>
public sealed class KeySecureApiException : KeySecureException
{
    /// <summary>Creates the exception for a provider error code.</summary>
    public KeySecureApiException(int code, string? providerMessage, string? operationId, DateTimeOffset? serverDate = null)
        : base(BuildMessage(code, providerMessage, operationId), operationId)
    {
        Code = code;
        Msg = providerMessage ?? string.Empty;
        Meaning = KeySecureErrorCodes.Describe(code);
        ServerDate = serverDate;
    }

    /// <summary>The provider's error code (e.g. 1007).</summary>
    public int Code { get; }

    /// <summary>The provider's <c>msg</c>, as sent (for 1004 it starts with the snake_case field name).</summary>
    public string Msg { get; }

    /// <summary>The documented meaning of <see cref="Code"/>, or a note that the code is undocumented.</summary>
    public string Meaning { get; }

    /// <summary>The server's clock (HTTP <c>Date</c>) when the error was produced, if the response carried it.</summary>
    public DateTimeOffset? ServerDate { get; }

    /// <summary>True for a documented code.</summary>
    public bool IsDocumented => KeySecureErrorCodes.IsDocumented(Code);

    /// <summary>1001 (system error) and 1009 (too frequent) may succeed later.</summary>
    public override bool IsTransient => Code is KeySecureErrorCodes.SystemError or KeySecureErrorCodes.TooFrequent;

    private static string BuildMessage(int code, string? providerMessage, string? operationId)
    {
        var where = operationId is null ? "KeySecure" : $"KeySecure {operationId}";
        // The provider's msg names fields, never values, so it is safe to repeat; it is still cut to a short length.
        var msg = string.IsNullOrWhiteSpace(providerMessage) ? string.Empty : $" (msg: {Redaction.Excerpt(providerMessage, 200)})";
        return $"{where} failed with code {code}: {KeySecureErrorCodes.Describe(code)}{msg}.";
    }
}
