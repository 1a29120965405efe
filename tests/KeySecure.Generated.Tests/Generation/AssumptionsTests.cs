using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>One element of a spec flagged <c>x-keysecure-assumed</c>, with its one-line reason.</summary>
internal sealed record AssumedElement(string File, string Location, string Reason)
{
    public string ReadmeRow => $"| `{File}` | `{Location}` | {Reason} |";
}

/// <summary>
/// Every guess in the specs is flagged with <c>x-keysecure-assumed</c> and a reason, and the README's assumptions table
/// lists exactly those elements with the same reasons, so the two cannot drift apart.
/// </summary>
public sealed partial class AssumptionsTests
{
    private const string Extension = "x-keysecure-assumed";

    private static readonly Lazy<IReadOnlyList<AssumedElement>> Assumed = new(() =>
        [.. ReadAssumed(RepoPaths.KeySecureSpec), .. ReadAssumed(RepoPaths.WorldFirstSpec)]);

    [Fact]
    public void Every_flag_carries_a_one_line_reason()
    {
        Assert.NotEmpty(Assumed.Value);
        Assert.All(Assumed.Value, element =>
        {
            Assert.False(string.IsNullOrWhiteSpace(element.Reason), $"{element.Location} has no reason");
            Assert.DoesNotContain('\n', element.Reason);
            Assert.DoesNotContain('|', element.Reason);
            Assert.NotEqual("true", element.Reason, StringComparer.OrdinalIgnoreCase);
        });
    }

    [Theory]
    // The guesses the spec audit found written as facts; each must stay flagged.
    [InlineData("keysecure.yaml", "POST /simulate/auth")]
    [InlineData("keysecure.yaml", "POST /simulate/refund")]
    [InlineData("keysecure.yaml", "ActivateCardRequest")]
    [InlineData("keysecure.yaml", "ListCardsRequest")]
    [InlineData("keysecure.yaml", "GET /card/consume/{consumeNo}/info")]
    [InlineData("keysecure.yaml", "POST /card/consume/list")]
    [InlineData("keysecure.yaml", "GET /card/{cardNo}/private/info")]
    [InlineData("keysecure.yaml", "x-keysecure-webhooks.signature")]
    [InlineData("keysecure.yaml", "x-keysecure-webhooks.headers.Timestamp")]
    [InlineData("keysecure.yaml", "x-keysecure-webhooks.freshness")]
    [InlineData("keysecure.yaml", "x-keysecure-webhooks.dataShape")]
    [InlineData("keysecure.yaml", "MerchantToken.expired_time")]
    [InlineData("keysecure.yaml", "FeeDetail.decline_fee_free_count")]
    [InlineData("worldfirst.yaml", "CardSensitiveInfo.assetId")]
    public void The_known_guesses_are_flagged(string file, string location)
    {
        Assert.Contains(Assumed.Value, element => element.File == file && element.Location == location);
    }

    [Theory]
    [InlineData("ActivateCardRequest")]
    [InlineData("UpdateCardStatusRequest")]
    [InlineData("TransferFundsRequest")]
    [InlineData("SimulationRequest")]
    [InlineData("PciCardDetailRequest")]
    public void Required_ness_the_pages_do_not_state_is_not_enforced(string schema)
    {
        var root = Load(RepoPaths.KeySecureSpec);
        var node = (YamlMappingNode)Child(Child(Child(root, "components")!, "schemas")!, schema)!;

        Assert.Null(Child(node, "required"));
    }

    [Fact]
    public void The_readme_lists_exactly_the_flagged_elements_with_their_reasons()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("## Assumptions", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Assumptions' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];

        var listed = section.Split('\n').Select(line => line.TrimEnd()).Where(line => RowPattern().IsMatch(line)).ToList();
        var expected = Assumed.Value.Select(element => element.ReadmeRow).ToList();

        var missing = expected.Except(listed).ToList();
        var extra = listed.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "README.md's assumptions table differs from the specs' x-keysecure-assumed flags.\n" +
            $"Rows to add or correct:\n{string.Join('\n', missing)}\nRows with no flag behind them:\n{string.Join('\n', extra)}");
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    /// <summary>Every <c>x-keysecure-assumed</c> of a spec, in document order.</summary>
    private static IEnumerable<AssumedElement> ReadAssumed(string specPath)
    {
        var file = Path.GetFileName(specPath);
        var found = new List<AssumedElement>();
        Walk(Load(specPath), [], found, file);
        return found;
    }

    private static void Walk(YamlNode node, List<string> path, List<AssumedElement> found, string file)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    if (name == Extension)
                    {
                        // One reason, or a list of them when one element carries several guesses: a row each.
                        var location = Location([.. path]);
                        var reasons = value is YamlSequenceNode list ? list.Children : [value];
                        found.AddRange(reasons.Select(reason => new AssumedElement(file, location, (reason as YamlScalarNode)?.Value?.Trim() ?? string.Empty)));
                        continue;
                    }
                    path.Add(name);
                    Walk(value, path, found, file);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    path.Add(ItemName(sequence.Children[i], i));
                    Walk(sequence.Children[i], path, found, file);
                    path.RemoveAt(path.Count - 1);
                }
                break;
        }
    }

    // A list item reads as its url when it has one (a server), else as its index.
    private static string ItemName(YamlNode item, int index) =>
        item is YamlMappingNode && Child(item, "url") is YamlScalarNode { Value: { } url }
            ? url
            : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Schemas read as Schema.property, operations as METHOD /path, servers as their url, anything else as its dotted path.
    private static string Location(string[] path) => path switch
    {
        ["components", "schemas", .. var rest] => string.Join('.', rest.Where(part => part != "properties")),
        ["paths", var route, var method] => $"{method.ToUpperInvariant()} {route}",
        ["servers", var url] => $"server {url}",
        _ => string.Join('.', path),
    };

    private static YamlMappingNode Load(string path)
    {
        using var reader = new StreamReader(path);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode? Child(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    [GeneratedRegex(@"^\| `[^`]+\.yaml` \| `[^`]+` \| .+ \|$")]
    private static partial Regex RowPattern();
}
