using System.Collections.Frozen;

namespace KeySecure.Generated.Exceptions;

/// <summary>
/// Every error code the KeySecure Open Platform documents, with its meaning. Kept equal to the spec's
/// <c>x-keysecure-error-codes</c> by a test.
/// </summary>
public static class KeySecureErrorCodes
{
    /// <summary>1001 system error.</summary>
    public const int SystemError = 1001;
    /// <summary>1004 invalid parameter; <c>msg</c> starts with the field name.</summary>
    public const int InvalidParameter = 1004;
    /// <summary>1005 timestamp invalid or expired.</summary>
    public const int TimestampInvalid = 1005;
    /// <summary>1007 Access-Token invalid or expired.</summary>
    public const int AccessTokenInvalid = 1007;
    /// <summary>1009 requests too frequent.</summary>
    public const int TooFrequent = 1009;

    private static readonly FrozenDictionary<int, string> Meanings = new Dictionary<int, string>
    {
        [1001] = "System error",
        [1002] = "Api-Key required",
        [1003] = "IP not allowed (caller IP not in the key's whitelist)",
        [1004] = "Invalid parameter",
        [1005] = "Timestamp invalid or expired (more than 60 s from server time, or in the future)",
        [1006] = "Access-Token required",
        [1007] = "Access-Token invalid or expired",
        [1008] = "Api-Key does not exist",
        [1009] = "Too frequent",
        [1010] = "Api-Key not enabled",
        [1011] = "Api-Key expired",
        [1012] = "Integration mode not supported",
        [1013] = "PCI not enabled",
        [1014] = "Client access token invalid or used",
        [1015] = "Parent origin not whitelisted",
        [1016] = "Origin mismatch",
        [1017] = "Replayed nonce",
        [1018] = "Sec-Fetch check failed",
        [1019] = "End time before start time",
        [1020] = "Time range too long",
        [1021] = "Merchant does not exist",
        [1022] = "Merchant status abnormal",
        [2001] = "Cardholder exists",
        [2002] = "Cardholder does not exist",
        [2003] = "Already verified",
        [2004] = "Verification pending",
        [2005] = "Verification failed",
        [2006] = "KYC info unavailable",
        [2007] = "Address must use English letters, digits, spaces",
        [4005] = "Card status does not allow the operation",
        [4016] = "PIN too simple or malformed",
        [4017] = "Operation needs a physical card",
    }.ToFrozenDictionary();

    /// <summary>All documented codes and their meanings.</summary>
    public static IReadOnlyDictionary<int, string> All => Meanings;

    /// <summary>True when the code is documented.</summary>
    public static bool IsDocumented(int code) => Meanings.ContainsKey(code);

    /// <summary>The documented meaning, or a note that the code is undocumented.</summary>
    public static string Describe(int code) =>
        Meanings.TryGetValue(code, out var meaning) ? meaning : "undocumented error code";
}
