namespace KeySecure.Generated.WorldFirst;

/// <summary>Adds a safe <see cref="ToString"/> to the generated DTO, which carries a plaintext card number and CVV.</summary>
public partial class CardSensitiveInfo
{
    /// <summary>The result and asset ID only; card number, CVV and expiry are always masked, so logging the object is safe.</summary>
    public override string ToString() =>
        $"CardSensitiveInfo {{ ResultStatus = {Result?.ResultStatus?.Value}, ResultCode = {Result?.ResultCode}, AssetId = {AssetId}, " +
        $"CardNo = {Masked(CardNo)}, Cvv = {Masked(Cvv)}, ExpiredMonth = {Masked(ExpiredMonth)}, ExpiredYear = {Masked(ExpiredYear)} }}";

    // Presence is useful when debugging; the value never is.
    private static string Masked(string? value) => string.IsNullOrEmpty(value) ? "(none)" : Redaction.Mask;
}
