using System.Security.Cryptography;

namespace KeySecure.Generated.Webhooks;

/// <summary>
/// The text of a replay record, the same in every store: <c>L|&lt;claim token&gt;|&lt;action&gt;</c> for a lease and
/// <c>H|&lt;action&gt;</c> for a handled delivery. A store compares whole values (a lease is unique by its token), so
/// it never needs to read them.
/// </summary>
internal readonly record struct WebhookReplayRecord(bool Handled, string Action)
{
    private const string LeasePrefix = "L|";
    private const string HandledPrefix = "H|";
    private const int TokenLength = 32;

    /// <summary>A new lease for <paramref name="action"/> with a random claim token.</summary>
    public static string NewLease(string action) =>
        LeasePrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(TokenLength / 2)) + "|" + action;

    /// <summary>The handled mark for <paramref name="action"/>.</summary>
    public static string HandledMark(string action) => HandledPrefix + action;

    /// <summary>Reads a stored value; null when it is of no known form (a record of an older SDK, say).</summary>
    public static WebhookReplayRecord? Parse(string? value)
    {
        if (value is null) return null;
        if (value.StartsWith(HandledPrefix, StringComparison.Ordinal)) return new(Handled: true, value[HandledPrefix.Length..]);
        var actionStart = LeasePrefix.Length + TokenLength + 1;
        if (value.StartsWith(LeasePrefix, StringComparison.Ordinal) && value.Length >= actionStart && value[actionStart - 1] == '|')
        {
            return new(Handled: false, value[actionStart..]);
        }
        return null;
    }
}
