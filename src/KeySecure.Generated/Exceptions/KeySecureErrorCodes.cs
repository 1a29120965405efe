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
        [1001] = "system error",
        [1002] = "Api-Key required",
        [1003] = "IP not allowed",
        [1004] = "invalid parameter",
        [1005] = "timestamp invalid or expired",
        [1006] = "Access-Token required",
        [1007] = "Access-Token invalid or expired",
        [1008] = "Api-Key does not exist",
        [1009] = "too frequent",
        [1010] = "Api-Key not enabled",
        [1011] = "Api-Key expired",
        [1012] = "integration mode not supported",
        [1013] = "PCI not enabled",
        [1014] = "client access token invalid or used",
        [1015] = "parent origin not whitelisted",
        [1016] = "origin mismatch",
        [1017] = "replayed nonce",
        [1018] = "Sec-Fetch check failed",
        [1019] = "end time before start time",
        [1020] = "time range too long",
        [1021] = "merchant does not exist",
        [1022] = "merchant status abnormal",
        [2001] = "cardholder exists",
        [2002] = "cardholder does not exist",
        [2003] = "already verified",
        [2004] = "verification pending",
        [2005] = "verification failed",
        [2006] = "KYC info unavailable",
        [2007] = "address must use English letters, digits, spaces",
        [4005] = "card status does not allow the operation",
        [4016] = "PIN too simple or malformed",
        [4017] = "operation needs a physical card",
    }.ToFrozenDictionary();

    /// <summary>All documented codes and their meanings.</summary>
    public static IReadOnlyDictionary<int, string> All => Meanings;

    /// <summary>True when the code is documented.</summary>
    public static bool IsDocumented(int code) => Meanings.ContainsKey(code);

    /// <summary>The documented meaning, or a note that the code is undocumented.</summary>
    public static string Describe(int code) =>
        Meanings.TryGetValue(code, out var meaning) ? meaning : "undocumented error code";
}
