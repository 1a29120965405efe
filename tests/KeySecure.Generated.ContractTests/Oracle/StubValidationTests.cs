using System.Text;
using System.Text.Json.Nodes;
using KeySecure.Generated.ContractTests.Infrastructure;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Generated.ContractTests.Oracle;

/// <summary>
/// The WireMock fixture holds every stub, computed answer and request to the specs: a stub off the spec is refused when
/// it is added, and an answer or request off the spec fails the test that made it (checked when the test ends).
/// </summary>
[Collection(WireMockCollection.Name)]
public sealed class StubValidationTests(WireMockServer server) : WireMockTest(server)
{
    private const string CardDetailPath = "/card/" + TestData.CardNo + "/detail";

    [Fact]
    public async Task A_hand_written_stub_with_a_renamed_member_is_refused_naming_the_member_and_the_operation()
    {
        var data = ExampleStubs.KeySecureData("GetCardDetail")!.DeepClone().AsObject();
        data["card_last_four"] = data["card_last_no"]!.DeepClone();
        data.Remove("card_last_no");
        var stub = Stubs.KeySecure("GET", CardDetailPath, Stubs.Envelope(0, "success", data));

        var error = await Assert.ThrowsAsync<WireContractException>(() => WireMock.AddMappingAsync(stub));

        Assert.Contains("GetCardDetail", error.Message);
        Assert.Contains("/data/card_last_four", error.Message);
        Assert.Contains(error.Violations, v => v.Operation == "GetCardDetail" && v.Location == "/data/card_last_four" && v.Rule == "undeclared");
        Assert.Empty(await WireMock.RequestsAsync()); // refused before anything could be answered
    }

    [Fact]
    public async Task An_example_stub_with_a_renamed_member_is_refused_too()
    {
        var stub = ExampleStubs.Load(ExampleStubs.KeySecure, "ListCards");
        var response = stub["response"]!.AsObject();
        response["body"] = ((string)response["body"]!).Replace("\"card_last_no\"", "\"card_last_four\"", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<WireContractException>(() => WireMock.AddMappingAsync(stub));

        Assert.Contains(error.Violations, v => v.Operation == "ListCards" && v.Location == "/data/list/0/card_last_four");
    }

    [Fact]
    public async Task A_stub_that_says_why_it_is_off_the_spec_is_added()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetToken");
        var data = new JsonObject { ["card_no"] = TestData.CardNo, ["card_last_four"] = "1111" };

        await WireMock.AddMappingAsync(Stubs.KeySecure("GET", CardDetailPath, Stubs.Envelope(0, "success", data)).OffSpec("the SDK keeps fields the spec does not declare"));

        var card = await KeySecure<ICardsClient>().GetCardDetailAsync(TestData.CardNo, Ct);
        Assert.Equal(TestData.CardNo, card.CardNo);
    }

    [Fact]
    public async Task An_answer_computed_by_a_test_off_the_spec_fails_the_test_when_it_ends()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "GetToken");
        await WireMock.AddAnsweredByTestAsync("GET", Stubs.KeySecurePrefix + CardDetailPath,
            () => Task.FromResult("""{"code":0,"msg":"success","data":{"card_no":"C1","status":"Lost"}}"""));
        await KeySecure<ICardsClient>().GetCardDetailAsync(TestData.CardNo, Ct); // the SDK reads an unknown status

        var error = await Assert.ThrowsAsync<WireContractException>(WireMock.AssertWireAsync);

        Assert.Contains(error.Violations, v => v.Operation == "GetCardDetail" && v.Direction == "response" && v.Location == "/data/status" && v.Rule == "enum");
        await WireMock.ResetAsync(); // the violation is this test's subject, not its failure
    }

    [Fact]
    public async Task A_request_off_the_spec_fails_the_test_when_it_ends()
    {
        await WireMock.LoadMappingAsync(ExampleStubs.KeySecure, "ListCards");
        using var http = new HttpClient { BaseAddress = Server.BaseUri };
        using var body = new StringContent("""{"cardholder_no":"CH1","colour":"red"}""", Encoding.UTF8, "application/json");
        using var answer = await http.PostAsync(Stubs.KeySecurePrefix + "/card/list", body, Ct);

        var error = await Assert.ThrowsAsync<WireContractException>(WireMock.AssertWireAsync);

        Assert.Contains(error.Violations, v => v.Operation == "ListCards" && v.Direction == "request" && v.Location == "/colour" && v.Rule == "undeclared");
        Assert.Contains(error.Violations, v => v.Operation == "ListCards" && v.Location == "headers" && v.Rule == "security");
        await WireMock.ResetAsync();
    }
}
