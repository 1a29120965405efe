using System.Text;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Tests.WorldFirst;

/// <summary>What the WorldFirst handlers read from a body before the generated client does.</summary>
public sealed class ResultSnapshotTests
{
    private static WorldFirstResultSnapshot? Read(string json) => WorldFirstResultSnapshot.TryRead(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_the_result_the_asset_and_whether_card_fields_are_present()
    {
        var snapshot = Read("""{"assetId":"A1","cardNo":"4111111111111111","extra":[1,{"cvv":"x"}],"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"ok","more":{"a":1}}}""");

        Assert.Equal(new WorldFirstResultSnapshot("S", "SUCCESS", "ok", "A1", true), snapshot);
    }

    [Theory]
    [InlineData("""{"result":{"resultStatus":"F"},"cardNo":null,"cvv":null}""", false)]
    [InlineData("""{"result":{"resultStatus":"F"},"expiredYear":"2029"}""", true)]
    [InlineData("""{"result":{"resultStatus":"F"},"nested":{"cardNo":"4111111111111111"}}""", false)]
    public void Card_data_counts_only_top_level_fields_with_a_value(string json, bool hasCardData) =>
        Assert.Equal(hasCardData, Read(json)!.HasCardData);

    [Theory]
    [InlineData("""{"result":{"resultStatus":"S"}} trailing""")]
    [InlineData("""{"result":{"resultStatus":"S"}""")]
    [InlineData("""[{"result":{"resultStatus":"S"}}]""")]
    [InlineData("not json")]
    [InlineData("")]
    public void A_body_that_is_not_one_json_object_has_no_snapshot(string json) => Assert.Null(Read(json));

    [Theory]
    [InlineData("""{"result":{"resultStatus":"S"},"assetId":"A1","result":{"resultStatus":"F","resultCode":"DENIED"}}""", "result")]
    [InlineData("""{"result":{"resultStatus":"S"},"assetId":"A1","assetId":"A2"}""", "assetId")]
    [InlineData("""{"result":{"resultStatus":"S","resultStatus":"F"}}""", "result.resultStatus")]
    [InlineData("""{"result":{"resultCode":"A","resultMessage":"m","resultCode":"B"}}""", "result.resultCode")]
    [InlineData("""{"result":{"resultMessage":"a","resultMessage":"b"}}""", "result.resultMessage")]
    public void A_repeated_member_the_handlers_read_is_named_not_read_last_wins(string json, string member) =>
        Assert.Equal(member, Read(json)!.RepeatedMember);

    [Fact]
    public void Repeated_members_the_handlers_do_not_read_are_not_flagged() =>
        Assert.Null(Read("""{"result":{"resultStatus":"S","more":1,"more":2},"extra":1,"extra":2}""")!.RepeatedMember);

    [Theory]
    [InlineData("""{"result":"S"}""")]
    [InlineData("""{"result":{"resultStatus":1}}""")]
    [InlineData("""{"result":[{"resultStatus":"S"}]}""")]
    public void A_result_of_another_shape_has_no_status(string json) => Assert.Null(Read(json)!.Status);

    [Theory]
    [InlineData("""{"assetId":"A1","cardNo":"x"}""", "A1")]
    [InlineData("""{"assetId":7}""", null)]
    [InlineData("""{"nested":{"assetId":"A1"}}""", null)]
    [InlineData("not json", null)]
    [InlineData("""{"assetId":"A1","assetId":"A1"}""", null)]
    public void The_requested_asset_is_the_top_level_string(string json, string? assetId) =>
        Assert.Equal(assetId, WorldFirstResultSnapshot.AssetIdOf(Encoding.UTF8.GetBytes(json)));
}
