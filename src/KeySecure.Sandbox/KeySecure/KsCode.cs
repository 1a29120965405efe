namespace KeySecure.Sandbox.KeySecure;

/// <summary>
/// The KeySecure error codes this sandbox emits. Every emission names one of these constants (the tests check that
/// each one is reached through the SDK).
/// </summary>
internal static class KsCode
{
    public const int SystemError = 1001;
    public const int ApiKeyRequired = 1002;
    public const int IpNotAllowed = 1003;
    public const int InvalidParameter = 1004;
    public const int TimestampInvalid = 1005;
    public const int AccessTokenRequired = 1006;
    public const int AccessTokenInvalid = 1007;
    public const int ApiKeyUnknown = 1008;
    public const int TooFrequent = 1009;
    public const int ApiKeyNotEnabled = 1010;
    public const int ApiKeyExpired = 1011;
    public const int ModeNotSupported = 1012;
    public const int PciNotEnabled = 1013;
    public const int ClientTokenInvalid = 1014;
    public const int EndBeforeStart = 1019;
    public const int RangeTooLong = 1020;
    public const int CardholderExists = 2001;
    public const int CardholderNotFound = 2002;
    public const int AlreadyVerified = 2003;
    public const int VerificationPending = 2004;
    public const int VerificationFailed = 2005;
    public const int KycUnavailable = 2006;
    public const int AddressNotEnglish = 2007;
    public const int CardStatusForbids = 4005;
    public const int PinTooSimple = 4016;
    public const int NeedsPhysicalCard = 4017;
}

/// <summary>A KeySecure error answered as <c>{code, msg, data: null}</c> with HTTP 200.</summary>
internal sealed class KsError(int code, string msg) : Exception(msg)
{
    public int Code { get; } = code;
}
