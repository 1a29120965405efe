namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>All contract tests share one in-process WireMock.Net server and run one at a time (each test resets it).</summary>
[CollectionDefinition(Name)]
public sealed class WireMockCollection : ICollectionFixture<WireMockServer>
{
    public const string Name = "WireMock";
}
