using System.Reflection;
using KeySecure.Cli.Call;
using KeySecure.Cli.CallTable;
using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Cli.Tests.Call;

/// <summary>
/// The regeneration fixture for the CLI: an operation added to a copy of <c>openapi/keysecure.yaml</c> goes through the
/// build's own steps (the view tool, then the call-table writer) and comes out as a command entry calling its generated
/// method, next to every operation the spec already had.
/// </summary>
public sealed class CallTableFromSpecTests
{
    private static readonly TimeSpan ToolDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task An_operation_added_to_a_copy_of_the_spec_becomes_a_command_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        var temp = Directory.CreateTempSubdirectory("ks-cli-calltable-");
        try
        {
            var spec = Path.Combine(temp.FullName, "keysecure.yaml");
            var view = Path.Combine(temp.FullName, "keysecure.view.json");
            await File.WriteAllTextAsync(spec, WithRelabelCard(await File.ReadAllTextAsync(RepoPaths.OpenApi("keysecure.yaml"), ct)), ct);

            await RunViewToolAsync(spec, view, ct);
            var source = CallTableWriter.Write([SpecOperations.Read(view, "KeySecure.Generated.OpenPlatform", "KeySecure.{tag}")]);

            Assert.Contains("""new("RelabelCard", "Cards", "POST", "/card/label/update", "Relabel a card (regeneration fixture)",""", source);
            Assert.Contains("c.KeySecure.Cards.RelabelCardAsync(i.Body<global::KeySecure.Generated.OpenPlatform.UpdateCardStatusRequest>(), ct)", source);
            Assert.Contains("""new("status", FieldType.String, null, false, """, source);
            foreach (var operation in OperationTable.All.Where(o => !o.IsWorldFirst))
            {
                Assert.Contains($"new(\"{operation.OperationId}\", ", source);
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>The spec with UpdateCardStatus's path item copied as a new operation on a new path.</summary>
    private static string WithRelabelCard(string spec)
    {
        var start = spec.IndexOf("\n  /card/status/update:\n", StringComparison.Ordinal);
        var end = spec.IndexOf("\n  /card/pin/set:\n", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start, "keysecure.yaml no longer has /card/status/update followed by /card/pin/set: update the fixture.");
        var copy = spec[start..end]
            .Replace("  /card/status/update:", "  /card/label/update:", StringComparison.Ordinal)
            .Replace("operationId: UpdateCardStatus", "operationId: RelabelCard", StringComparison.Ordinal)
            .Replace("summary: Update a card's status", "summary: Relabel a card (regeneration fixture)", StringComparison.Ordinal);
        Assert.Contains("operationId: RelabelCard", copy);
        return spec[..end] + copy + spec[end..];
    }

    private static async Task RunViewToolAsync(string spec, string view, CancellationToken ct)
    {
        var tool = typeof(CallTableFromSpecTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OpenApiViewsDll").Value;
        Assert.True(File.Exists(tool), $"The view tool is not built: {tool}");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var argument in new[] { tool!, spec, view }) start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ToolDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The view tool did not finish within {ToolDeadline}.");
        }
        Assert.True(process.ExitCode == 0, $"The view tool failed on the edited spec (exit {process.ExitCode}): {await output}{await errors}");
    }
}
