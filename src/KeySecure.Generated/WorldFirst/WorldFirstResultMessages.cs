namespace KeySecure.Generated.WorldFirst;

/// <summary>Builds the messages of the F and U exceptions in one place so both read alike.</summary>
internal static class WorldFirstResultMessages
{
    public static string Compose(string outcome, string resultCode, string? resultMessage, string? operationId)
    {
        var where = operationId is null ? "WorldFirst" : $"WorldFirst {operationId}";
        // resultMessage is provider text about the request, never card data; it is still redacted and cut short.
        var message = string.IsNullOrWhiteSpace(resultMessage) ? string.Empty : $" ({Redaction.Excerpt(resultMessage, 200)})";
        return $"{where} {outcome}: {Redaction.Excerpt(resultCode, 64)}{message}. {WorldFirstResultCodes.AdviceFor(resultCode)}";
    }
}
