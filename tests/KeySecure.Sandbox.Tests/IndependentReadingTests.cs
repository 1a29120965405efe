using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using KeySecure.Generated;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Sandbox.Tests.Infrastructure;

namespace KeySecure.Sandbox.Tests;

/// <summary>
/// The sandbox reads the specifications on its own: it shares no assembly, model or serializer setting with the SDK,
/// so a test of the SDK against it compares two independent readings of the wire. It reads a request member by member
/// with the JSON type the specification declares, and refuses any other type with a 1004 naming the member, where a
/// reader borrowed from the SDK would convert it.
/// </summary>
public sealed class IndependentReadingTests(SandboxFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_sandbox_assembly_references_no_sdk_assembly()
    {
        var references = typeof(SandboxServer).Assembly.GetReferencedAssemblies().Select(name => name.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, name => name.StartsWith("KeySecure.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sdk_does_not_open_its_internals_to_the_sandbox()
    {
        var friends = typeof(KeySecureOptions).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(attribute => attribute.AssemblyName)
            .ToList();

        Assert.Contains("KeySecure.Sandbox.Tests", friends);
        Assert.DoesNotContain("KeySecure.Sandbox", friends);
    }

    [Theory]
    [InlineData("""{"page":"0"}""", "page must be an integer")]
    [InlineData("""{"size":10.5}""", "size must be an integer")]
    [InlineData("""{"card_no":12345}""", "card_no must be a string")]
    [InlineData("""{"start_time":true}""", "start_time must be a string")]
    [InlineData("""[]""", "body must be a JSON object")]
    [InlineData("""{"page":""", "body is not valid JSON")]
    public async Task A_member_of_another_json_type_than_the_spec_declares_is_a_1004_naming_it(string body, string message)
    {
        using var sdk = fixture.Sdk(tamper: OnPost("/card/list", _ => body));

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => sdk.Cards.ListCardsAsync(new ListCardsRequest(), Ct));

        Assert.Equal(1004, error.Code);
        Assert.StartsWith(message, error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_of_the_wrong_type_inside_a_nested_object_is_named_by_its_path()
    {
        using var sdk = fixture.Sdk(tamper: OnPost("/card/apply", sent =>
        {
            var request = JsonNode.Parse(sent)!;
            request["address_info"]!["phone"] = 81234567;
            return request.ToJsonString();
        }));
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);

        var error = await Assert.ThrowsAsync<KeySecureApiException>(() => SandboxFixture.CardAsync(sdk, holder, "Physical"));

        Assert.Equal(1004, error.Code);
        Assert.Equal("address_info.phone must be a string", error.ProviderMessage);
    }

    [Fact]
    public async Task The_members_the_sdk_writes_are_the_ones_the_sandbox_reads()
    {
        // The same call untampered: the SDK's request, read by the sandbox's own reader, lists the card it filters on.
        using var sdk = fixture.Sdk();
        var holder = await SandboxFixture.ApprovedCardholderAsync(sdk);
        var card = await SandboxFixture.CardAsync(sdk, holder, "Virtual");

        var page = await sdk.Cards.ListCardsAsync(new ListCardsRequest { CardNo = card.CardNo, Page = 0, Size = 1 }, Ct);

        Assert.Equal(card.CardNo, Assert.Single(page.List!).CardNo);
        Assert.Equal((1L, 0, 1), (page.Total, page.Page, page.Size));
    }

    /// <summary>Replaces the JSON body of the POST to <paramref name="operationPath"/> after the SDK's pipeline.</summary>
    private static Func<HttpRequestMessage, Task> OnPost(string operationPath, Func<string, string> rewrite) => async request =>
    {
        if (request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith(operationPath, StringComparison.Ordinal)) return;
        var sent = await request.Content!.ReadAsStringAsync();
        request.Content = new StringContent(rewrite(sent), Encoding.UTF8, "application/json");
    };
}
