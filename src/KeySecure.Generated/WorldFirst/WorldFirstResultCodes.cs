using System.Collections.Frozen;

namespace KeySecure.Generated.WorldFirst;

/// <summary>One documented WorldFirst result code.</summary>
/// <param name="Code">The <c>result.resultCode</c>.</param>
/// <param name="Kind"><c>system</c> or <c>business</c>.</param>
/// <param name="Status">The <c>resultStatus</c> it comes with: <c>S</c>, <c>F</c> or <c>U</c>.</param>
/// <param name="Message">The documented message.</param>
/// <param name="Advice">What to do about it.</param>
internal sealed record WorldFirstResultCode(string Code, string Kind, string Status, string Message, string Advice);

/// <summary>
/// Every result code in worldfirst.yaml <c>x-worldfirst-result-codes</c> and the <c>U</c> retry schedule
/// (<c>x-worldfirst-unknown-retry-minutes</c>). Kept equal to the spec by a test.
/// </summary>
internal static class WorldFirstResultCodes
{
    /// <summary>Advice given for a code the spec does not list.</summary>
    public const string GenericAdvice =
        "Undocumented result code: check the request against the API documentation; if the issue persists, contact WorldFirst technical support.";

    private static readonly FrozenDictionary<string, WorldFirstResultCode> Catalog = new WorldFirstResultCode[]
    {
        new("SUCCESS", "system", "S", "Success", ""),
        new("PARAM_ILLEGAL", "system", "F", "Illegal parameters exist. For example, a non-numeric input, or an invalid date.",
            "Check the API documentation page to confirm that the request headers and parameters are correct."),
        new("SYSTEM_ERROR", "system", "F", "System error.", "Do not retry; contact WorldFirst technical support for details."),
        new("SERVICE_NOT_ALLOWED", "system", "F", "Service not allowed.",
            "Retry with the correct information; if the issue persists, contact WorldFirst technical support to resolve it."),
        new("UNKNOWN_EXCEPTION", "system", "U", "API failed due to unknown reason.",
            "Server error; if the issue persists after retrying later, contact WorldFirst technical support to resolve it."),
        new("REQUEST_TRAFFIC_EXCEED_LIMIT", "system", "U", "The request traffic exceeds the limit.",
            "Retry; if the issue persists, contact WorldFirst technical support."),
        new("OAUTH_FAIL", "system", "F", "OAuth process failed.", "Contact WorldFirst technical support for details."),
        new("INVALID_API", "system", "F", "The called API is invalid or not active.", "Confirm that the correct API is being called."),
        new("INVALID_CLIENT", "system", "F", "The client is invalid.", "The Client ID does not exist or is invalid."),
        new("INVALID_SIGNATURE", "system", "F", "The signature is invalid.", "Confirm that the request is signed correctly."),
        new("METHOD_NOT_SUPPORTED", "system", "F", "The server does not implement the requested HTTP method.",
            "Confirm that the HTTP request method is POST."),
        new("CONTRACT_CHECK_FAIL", "system", "F", "The contract check has failed.",
            "Contact WorldFirst technical support to learn the contract status, then retry."),
        new("USER_NOT_EXIST", "business", "F", "customerId is not correct.", "Retry with the correct user information."),
        new("AUTHORIZATION_NOT_EXIST", "business", "F", "The authorization does not exist.",
            "Make sure that the input is correct. If the issue persists, contact our Technical Support Team to verify the authorization status."),
        new("RISK_REJECT", "business", "F", "Securlty reason error, please contact the account manager",
            "Please reach out to our Technical Support Team."),
    }.ToFrozenDictionary(code => code.Code, StringComparer.Ordinal);

    /// <summary>Every documented code, by code.</summary>
    public static IReadOnlyDictionary<string, WorldFirstResultCode> All => Catalog;

    /// <summary>The delays before each re-query of a <c>U</c> result: 5, 10, 20, 40, 80, 160, 320 minutes.</summary>
    public static IReadOnlyList<TimeSpan> UnknownRetrySchedule { get; } =
        Array.AsReadOnly(new[] { 5, 10, 20, 40, 80, 160, 320 }.Select(minutes => TimeSpan.FromMinutes(minutes)).ToArray());

    /// <summary>True when the spec lists the code.</summary>
    public static bool IsDocumented(string code) => Catalog.ContainsKey(code);

    /// <summary>The documented advice, or <see cref="GenericAdvice"/> for an unknown code.</summary>
    public static string AdviceFor(string code) =>
        Catalog.TryGetValue(code, out var known) && known.Advice.Length > 0 ? known.Advice : GenericAdvice;
}
