using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.Exceptions;

namespace KeySecure.Generated.ContractTests.Faults;

/// <summary>Socket-level faults (<see cref="SocketFaultResponder"/>): reads are retried, state changes and money moves are sent once.</summary>
[Collection(WireMockCollection.Name)]
public sealed class NetworkFaultTests(WireMockServer server) : FaultTest(server)
{
    public static TheoryData<string> Faults => ["CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"];

    [Theory, MemberData(nameof(Faults))]
    public async Task GetCardDetail_is_retried_on_a_network_fault_then_fails_with_ProviderResponseException(string fault)
    {
        await Stub("GET", CardDetailPath, Stubs.Fault(fault));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => GetCardDetail(Sdk()));

        Assert.Equal("GetCardDetail", error.OperationId);
        // Each SDK attempt is stamped anew. For a body-less GET, .NET's SocketsHttpHandler itself re-sends up to 3 more
        // times when the connection dies before any response byte (EMPTY_RESPONSE), so the wire may see up to 4 per attempt.
        var sent = await WireMock.RequestsEventuallyAsync("GET", Stubs.KeySecurePrefix + CardDetailPath, ReadAttempts, TimeSpan.FromMilliseconds(300));
        Assert.InRange(sent.Count, ReadAttempts, ReadAttempts * 4);
        Assert.InRange(sent.Select(r => r.Header("Timestamp")).Distinct().Count(), 2, ReadAttempts);
    }

    [Theory, MemberData(nameof(Faults))]
    public async Task ApplyCard_is_never_sent_twice_on_a_network_fault(string fault)
    {
        await Stub("POST", ApplyCardPath, Stubs.Fault(fault));

        var error = await Assert.ThrowsAsync<ProviderResponseException>(() => ApplyCard(Sdk()));

        Assert.Equal("ApplyCard", error.OperationId);
        Assert.Equal(1, await CountAsync("POST", ApplyCardPath, 1));
    }

    [Theory, MemberData(nameof(Faults))]
    public async Task TransferFunds_is_never_sent_twice_on_a_network_fault(string fault)
    {
        await Stub("POST", TransferPath, Stubs.Fault(fault));

        await Assert.ThrowsAsync<ProviderResponseException>(() => TransferFunds(Sdk()));

        Assert.Equal(1, await CountAsync("POST", TransferPath, 1));
    }
}
