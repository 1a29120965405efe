using System.Globalization;
using System.Text.RegularExpressions;
using KeySecure.Generated.Exceptions;
using YamlDotNet.RepresentationModel;

namespace KeySecure.Generated.Tests.Generation;

/// <summary><see cref="KeySecureErrorCodes"/> is the spec's root <c>x-keysecure-error-codes</c>.</summary>
public sealed partial class ErrorCodeCatalogTests
{
    private static IReadOnlyDictionary<int, string> SpecCodes()
    {
        var node = OpenApiDocument.Child(OpenApiDocument.KeySecure.Root, "x-keysecure-error-codes") as YamlMappingNode;
        Assert.True(node is not null, "keysecure.yaml has no root x-keysecure-error-codes mapping.");
        return node.Children.ToDictionary(
            c => int.Parse(((YamlScalarNode)c.Key).Value!, NumberStyles.None, CultureInfo.InvariantCulture),
            c => ((YamlScalarNode)c.Value).Value ?? "");
    }

    [Fact]
    public void Catalog_has_exactly_the_spec_codes()
    {
        var spec = SpecCodes();
        var catalog = KeySecureErrorCodes.All;

        var missing = spec.Keys.Except(catalog.Keys).Order().ToList();
        var extra = catalog.Keys.Except(spec.Keys).Order().ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"Catalog lacks spec codes [{string.Join(", ", missing)}]; catalog has codes the spec lacks [{string.Join(", ", extra)}].{Environment.NewLine}{TextReport(spec)}");
    }

    [Fact]
    public void Catalog_meanings_match_the_spec()
    {
        // Exact: the meaning a caller reads in an exception is the spec's own text. The assert message lists every difference.
        var spec = SpecCodes();
        var mismatches = spec
            .Where(s => KeySecureErrorCodes.All.TryGetValue(s.Key, out var meaning) && meaning != s.Value)
            .Select(s => s.Key)
            .ToList();
        Assert.True(mismatches.Count == 0, $"Meanings differ for [{string.Join(", ", mismatches)}].{Environment.NewLine}{TextReport(spec)}");
    }

    [Fact]
    public void Constants_are_documented_codes()
    {
        foreach (var code in new[]
                 {
                     KeySecureErrorCodes.SystemError, KeySecureErrorCodes.InvalidParameter, KeySecureErrorCodes.TimestampInvalid,
                     KeySecureErrorCodes.AccessTokenInvalid, KeySecureErrorCodes.TooFrequent,
                 })
        {
            Assert.True(KeySecureErrorCodes.IsDocumented(code), $"{code} is not documented.");
            Assert.Equal(KeySecureErrorCodes.All[code], KeySecureErrorCodes.Describe(code));
        }

        Assert.False(KeySecureErrorCodes.IsDocumented(999_999));
    }

    private static string TextReport(IReadOnlyDictionary<int, string> spec)
    {
        var lines = spec.Keys.Union(KeySecureErrorCodes.All.Keys).Order()
            .Select(code => (code, specText: spec.GetValueOrDefault(code), catalogText: KeySecureErrorCodes.All.GetValueOrDefault(code)))
            .Where(x => !string.Equals(x.specText, x.catalogText, StringComparison.Ordinal))
            .Select(x => $"  {x.code}: spec '{x.specText ?? "(none)"}' / catalog '{x.catalogText ?? "(none)"}'");
        return "Exact text differences:" + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }
}
