using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeySecure.Sandbox.KeySecure;

/// <summary>Everything the sandbox remembers; the shape of the state file.</summary>
internal sealed class SandboxState
{
    /// <summary>Names the file's kind, so a JSON file of anything else is refused rather than read as an empty sandbox.</summary>
    [JsonRequired]
    public string Format { get; set; } = SandboxStateFile.FormatName;

    /// <summary>The format version (<see cref="SandboxStateFile.CurrentVersion"/>); another is refused, never guessed at.</summary>
    [JsonRequired]
    public int Version { get; set; } = SandboxStateFile.CurrentVersion;
    public SandboxCredentials? Credentials { get; set; }
    public string? WorldFirstPrivateKeyPem { get; set; }
    public long Sequence { get; set; }
    public Dictionary<string, CardholderRecord> Cardholders { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, CardRecord> Cards { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, ConsumptionRecord> Consumptions { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, TransferRecord> Transfers { get; set; } = new(StringComparer.Ordinal);
    public HashSet<string> WorldFirstAssetsSeen { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class CardholderRecord
{
    public required string No { get; set; }
    public required string UniqueNo { get; set; }
    public required string SumsubToken { get; set; }
    public required string Email { get; set; }
    public string Status { get; set; } = "Pending";
    public string? FailReason { get; set; }
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset Applied { get; set; }
    public int PendingReads { get; set; }
    public decimal Balance { get; set; }
    public long Seq { get; set; }
}

internal sealed class CardRecord
{
    public required string No { get; set; }
    public required string UniqueNo { get; set; }
    public required string CardholderNo { get; set; }
    public required string Type { get; set; }
    public required string Status { get; set; }
    public required string Pan { get; set; }
    public required string Cvv { get; set; }
    public required string ExpMonth { get; set; }
    public required string ExpYear { get; set; }
    public required string Organization { get; set; }
    public string? PackageNo { get; set; }
    public string? BinNo { get; set; }
    public bool PinSet { get; set; }
    public DateTimeOffset Created { get; set; }
    public long Seq { get; set; }
}

internal sealed class ConsumptionRecord
{
    public required string No { get; set; }
    public string? RelateNo { get; set; }
    public required string CardNo { get; set; }
    public required string CardholderNo { get; set; }
    public required string Type { get; set; }
    public required string Status { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public decimal Fee { get; set; }
    public string? FeeType { get; set; }
    public string? Remark { get; set; }
    public DateTimeOffset Created { get; set; }
    public long Seq { get; set; }
}

internal sealed class TransferRecord
{
    public required string No { get; set; }
    public required string UniqueNo { get; set; }
    public required string CardholderNo { get; set; }
    public required string Type { get; set; }
    public decimal Amount { get; set; }
    public decimal Before { get; set; }
    public decimal After { get; set; }
    public DateTimeOffset Created { get; set; }
    public long Seq { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SandboxState))]
internal sealed partial class SandboxStateJsonContext : JsonSerializerContext;

