namespace KeySecure.Generated.Exceptions;

/// <summary>Input was rejected before anything was sent (a weak PIN, a CVV that is not 3 digits, a missing field).</summary>
public sealed class KeySecureValidationException : KeySecureException
{
    /// <summary>Creates the exception; the message names the field and the rule, never the value.</summary>
    public KeySecureValidationException(string field, string rule, string? operationId)
        : base($"{(operationId is null ? string.Empty : operationId + ": ")}'{field}' is invalid: {rule}. Nothing was sent.", operationId)
    {
        Field = field;
        Rule = rule;
    }

    /// <summary>The wire name of the rejected field (e.g. <c>pin</c>).</summary>
    public string Field { get; }

    /// <summary>The rule the value broke.</summary>
    public string Rule { get; }
}
