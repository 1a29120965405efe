using System.Text.RegularExpressions;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.OpenPlatform.Crypto;
using YamlDotNet.RepresentationModel;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>
/// An encrypted request field's schema describes the wire value (Base64 ciphertext), so another generator reading the
/// spec never sends a plaintext PIN or CVV; the plaintext rule sits in <c>x-keysecure-plaintext</c>, and the SDK's own
/// check (<see cref="PlaintextFieldRules"/>) refuses everything that rule refuses.
/// </summary>
public sealed class PlaintextExtensionTests
{
    // Inside and around each rule: lengths, non-digits, non-ASCII digits, spaces, Base64 text.
    private static readonly string[] Candidates =
        ["", "1", "12", "123", "1234", "12345", "135790", "480759", "1357902", "12a", "abc", "a1b2c3", " 12", "123 ", "٣٤٥", "MTIz", "QUJDREVGRw=="];

    public static TheoryData<string, string> EncryptedFields()
    {
        var rows = new TheoryData<string, string>();
        foreach (var operation in OpenApiDocument.KeySecure.Operations)
        {
            foreach (var field in (operation.Extension("x-keysecure-encrypted-fields") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                rows.Add(operation.OperationId, field);
            }
        }
        return rows;
    }

    [Fact]
    public void The_pin_and_the_cvv_are_the_encrypted_fields()
    {
        Assert.Equal(["ActivateCard cvv", "SetCardPin pin"], EncryptedFields().Select(row => $"{row.Data.Item1} {row.Data.Item2}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EncryptedFields))]
    public void The_field_schema_describes_Base64_ciphertext_and_the_plaintext_rule_is_in_the_extension(string operationId, string field)
    {
        var property = Property(operationId, field);
        var wirePattern = new Regex(OpenApiDocument.Scalar(property, "pattern") ?? "", RegexOptions.None, TimeSpan.FromSeconds(1));
        var plaintext = Plaintext(property);

        Assert.Contains("Base64", OpenApiDocument.Scalar(property, "description"), StringComparison.Ordinal);
        Assert.Matches(wirePattern, Convert.ToBase64String("ciphertext bytes"u8.ToArray()));
        Assert.False(string.IsNullOrWhiteSpace(OpenApiDocument.Scalar(plaintext, "description")), $"{operationId}.{field}: x-keysecure-plaintext has no description");
        // No plaintext the rule allows is a valid wire value: the shipped schema never asks for plaintext.
        var rule = PlaintextRule(plaintext);
        Assert.All(Candidates.Where(candidate => rule.IsMatch(candidate)), allowed => Assert.DoesNotMatch(wirePattern, allowed));
    }

    [Theory]
    [MemberData(nameof(EncryptedFields))]
    public void The_sdk_refuses_every_plaintext_the_extension_refuses(string operationId, string field)
    {
        var rule = PlaintextRule(Plaintext(Property(operationId, field)));

        foreach (var candidate in Candidates.Where(candidate => !rule.IsMatch(candidate)))
        {
            var error = Assert.Throws<KeySecureValidationException>(() => PlaintextFieldRules.Validate(field, candidate, operationId));
            Assert.Equal(field, error.Field);
        }
        // And accepts a value the rule allows (the PIN's extra run rule is the description's, tested in CryptoTests).
        PlaintextFieldRules.Validate(field, Candidates.First(candidate => rule.IsMatch(candidate)), operationId);
    }

    private static YamlMappingNode Property(string operationId, string field)
    {
        var operation = OpenApiDocument.Find("keysecure.yaml", operationId);
        var properties = OpenApiDocument.KeySecure.SchemaProperties(OpenApiDocument.KeySecure.RequestSchema(operation));
        Assert.True(properties.TryGetValue(field, out var property), $"{operationId} has no request property {field}.");
        return property;
    }

    private static YamlMappingNode Plaintext(YamlMappingNode property) =>
        Assert.IsType<YamlMappingNode>(OpenApiDocument.Child(property, "x-keysecure-plaintext"));

    private static Regex PlaintextRule(YamlMappingNode plaintext) =>
        new(OpenApiDocument.Scalar(plaintext, "pattern") ?? throw new InvalidDataException("x-keysecure-plaintext has no pattern"), RegexOptions.None, TimeSpan.FromSeconds(1));
}
