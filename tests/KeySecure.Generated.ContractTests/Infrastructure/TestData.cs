namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>The identifiers the mapping files answer for (kept equal to Mappings/**).</summary>
public static class TestData
{
    public const string CardholderNo = "CH1790000000001";
    public const string CardholderUniqueNo = "merchant-holder-0001";
    public const string CardNo = "C1790000000101";
    public const string CardUniqueNo = "merchant-card-0001";
    public const string ConsumeNo = "CS1790000000201";
    public const string AccessToken = "tok-contract-1";
    public const string TransferUniqueNo = "merchant-transfer-0001";
    public const string WorldFirstAssetId = "WF-ASSET-0001";

    /// <summary>16 UTF-8 bytes: an AES-128 key; the spec's encrypted example (GetCardPrivateInfo) is encrypted under it.</summary>
    public const string ApiSecret = "ks-test-secret16";
}
