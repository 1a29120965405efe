using System.Text.RegularExpressions;
using KeySecure.Cli.Call;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Cli.Tests.Call;

/// <summary><c>keysecure call --list</c> and <c>call &lt;operationId&gt; --help</c> against the operationIds read from the specs themselves.</summary>
public sealed partial class CallHelpTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    public static TheoryData<string> SpecOperationIds()
    {
        var ids = new TheoryData<string>();
        foreach (var spec in new[] { "keysecure.yaml", "worldfirst.yaml" })
        {
            foreach (Match match in OperationId().Matches(File.ReadAllText(RepoPaths.OpenApi(spec)))) ids.Add(match.Groups[1].Value);
        }
        return ids;
    }

    [Fact]
    public async Task The_specs_hold_the_26_operations_the_list_must_name()
    {
        Assert.Equal(26, SpecOperationIds().Count);

        var result = (await CliRun.RunAsync(NoEnvironment, "call", "--list")).ShouldExit(0);

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(26, lines.Length);
        foreach (var id in SpecOperationIds()) Assert.Single(lines, line => line.StartsWith(id.Data + " ", StringComparison.Ordinal));
        Assert.Matches(@"^TransferFunds\s+POST\s+/account/transfer\s+moves money\s", lines.Single(l => l.StartsWith("TransferFunds ", StringComparison.Ordinal)));
        Assert.Matches(@"^ApplyCard\s+POST\s+/card/apply\s+changes state\s", lines.Single(l => l.StartsWith("ApplyCard ", StringComparison.Ordinal)));
        Assert.Matches(@"^GetCardDetail\s+GET\s+/card/\{cardNo\}/detail\s+read\s", lines.Single(l => l.StartsWith("GetCardDetail ", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(SpecOperationIds))]
    public async Task Every_operation_of_the_specs_answers_help_in_any_case(string operationId)
    {
        var result = (await CliRun.RunAsync(NoEnvironment, "call", operationId.ToLowerInvariant(), "--help")).ShouldExit(0);

        Assert.Contains($" call {operationId} [options]", result.Stdout);
        var operation = OperationTable.Find(operationId)!;
        Assert.Equal(operation.Fields.Count > 0, result.Stdout.Contains("--data", StringComparison.Ordinal));
        Assert.Contains(operation.Summary, result.Stdout);
        foreach (var field in operation.Fields.Where(f => f.Type != FieldType.Object))
        {
            // Secrets read from stdin or a prompt, so their value is named after them rather than typed.
            var value = operation.EncryptedFields.Contains(field.Name) ? $"<{field.Name}>" : $"<{field.TypeName}>";
            var required = field.Required ? @"\(required( in [\w.]+)?\)" : @"\(optional\)";
            var description = string.Join(@"\s+", (field.Description ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4).Select(Regex.Escape));
            Assert.Matches($@"--{Regex.Escape(field.Name)} {Regex.Escape(value)}\s+{required} (\[path\] )?{description}", result.Stdout);
        }
    }

    [Fact]
    public async Task Help_shows_each_field_with_its_type_whether_required_and_its_description()
    {
        var result = (await CliRun.RunAsync(NoEnvironment, "call", "APPLYCARD", "--help")).ShouldExit(0);

        Assert.Contains("Apply for a card. POST /card/apply; changes state", result.Stdout);
        Assert.Matches(@"--card_unique_no <string>\s+\(required\) Merchant-side unique card number", result.Stdout);
        Assert.Matches(@"--card_type <enum: Virtual\|Physical>\s+\(required\)", result.Stdout);
        Assert.Matches(@"--package_no <string>\s+\(optional\)", result.Stdout);
        Assert.Matches(@"--address_info.city <string>\s+\(required in address_info\) City", result.Stdout);
    }

    [Fact]
    public async Task List_operations_offer_all_and_money_moving_ones_offer_yes()
    {
        var list = (await CliRun.RunAsync(NoEnvironment, "call", "ListConsumptions", "--help")).ShouldExit(0);
        var transfer = (await CliRun.RunAsync(NoEnvironment, "call", "TransferFunds", "--help")).ShouldExit(0);

        Assert.Contains("--all", list.Stdout);
        Assert.Matches(@"--page <integer \(int32\)>", list.Stdout);
        Assert.Contains("--yes", transfer.Stdout);
        Assert.DoesNotContain("--all", transfer.Stdout);
    }

    [Fact]
    public async Task An_unknown_operation_is_a_usage_error()
    {
        var result = (await CliRun.RunAsync(NoEnvironment, "call", "DeleteEverything")).ShouldExit(2);

        Assert.Contains("DeleteEverything", result.Stderr);
    }

    [GeneratedRegex(@"^\s+operationId:\s*(\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex OperationId();
}
