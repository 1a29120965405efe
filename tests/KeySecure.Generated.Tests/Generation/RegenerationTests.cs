using KeySecure.Generated.Tests.Support;
using System.Text.RegularExpressions;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>
/// The generation itself: the view tool and NSwag run exactly as the build runs them follow spec edits, and the MSBuild
/// target is incremental (no-op when nothing changed) and fails with KSGEN001 naming the spec when the spec is broken.
/// </summary>
[Slow]
public sealed partial class RegenerationTests
{
    private const string OriginalSummary = "summary: Get card details";
    private const string EditedSummaryText = "Get card details (regeneration fixture 7f3a)";
    private const string EditedSpecText = "Query a World Card's sensitive info (edited by the regeneration test 51c2)";

    [Fact]
    public async Task NSwag_output_follows_a_spec_edit()
    {
        var ct = TestContext.Current.CancellationToken;
        var temp = Directory.CreateTempSubdirectory("ksgen-nswag-");
        try
        {
            var original = await File.ReadAllTextAsync(RepoPaths.KeySecureSpec, ct);
            var editedSpec = Path.Combine(temp.FullName, "edited", "keysecure.yaml");
            var originalSpec = Path.Combine(temp.FullName, "original", "keysecure.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(editedSpec)!);
            Directory.CreateDirectory(Path.GetDirectoryName(originalSpec)!);
            await File.WriteAllTextAsync(originalSpec, original, ct);
            await File.WriteAllTextAsync(editedSpec, EditCardDetail(original), ct);

            var editedOut = Path.Combine(temp.FullName, "edited", "out.g.cs");
            var originalOut = Path.Combine(temp.FullName, "original", "out.g.cs");
            var runs = await Task.WhenAll(RunNSwagAsync(editedSpec, editedOut, ct), RunNSwagAsync(originalSpec, originalOut, ct));
            Assert.True(runs[0].ExitCode == 0, $"NSwag on the edited spec failed: {runs[0]}");
            Assert.True(runs[1].ExitCode == 0, $"NSwag on the original spec failed: {runs[1]}");

            var edited = await File.ReadAllTextAsync(editedOut, ct);
            var unedited = await File.ReadAllTextAsync(originalOut, ct);

            Assert.Contains("namespace Fixture.Ns", edited);
            var editedCardDetail = ClassBody(edited, "CardDetail");
            Assert.Contains("""JsonPropertyName("card_last_four")""", editedCardDetail);
            Assert.Matches(@"public string\? CardLastFour \{ get; set; \}", editedCardDetail);
            Assert.DoesNotContain("CardLastNo", editedCardDetail);
            Assert.Contains(EditedSummaryText, edited);

            // Other schemas keep their own card_last_no: the edit touched one property only.
            Assert.Contains("CardLastNo", ClassBody(edited, "ActivateCardRequest"));

            var uneditedCardDetail = ClassBody(unedited, "CardDetail");
            Assert.DoesNotContain("card_last_four", unedited);
            Assert.DoesNotContain("CardLastFour", unedited);
            Assert.DoesNotContain(EditedSummaryText, unedited);
            Assert.Contains("""JsonPropertyName("card_last_no")""", uneditedCardDetail);
            Assert.Contains("CardLastNo", uneditedCardDetail);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    [Fact]
    public async Task MSBuild_target_regenerates_only_when_needed_and_reports_broken_specs()
    {
        var ct = TestContext.Current.CancellationToken;
        var temp = Directory.CreateTempSubdirectory("ksgen-msbuild-");
        try
        {
            var (project, spec, generated) = await CreateFixtureProjectAsync(temp, ct);

            // 1. First run generates.
            var first = await GenerateAsync(project, ct);
            Assert.True(first.ExitCode == 0, $"First run failed: {first}");
            Assert.True(RanNSwag(first), $"First run did not run NSwag: {first}");
            Assert.True(File.Exists(generated), $"{generated} was not written. {first}");
            var firstText = await File.ReadAllTextAsync(generated, ct);
            Assert.Contains("namespace Fixture.WorldFirst", firstText);
            Assert.Contains("QueryCardSensitiveInfoAsync", firstText);
            Assert.DoesNotContain(EditedSpecText, firstText);

            // 2. Nothing changed: the target is skipped.
            var second = await GenerateAsync(project, ct);
            Assert.True(second.ExitCode == 0, $"Second run failed: {second}");
            Assert.False(RanNSwag(second), $"Second run was not a no-op: {second}");

            // 3. Spec edited: regenerated, with the new text.
            var text = await File.ReadAllTextAsync(spec, ct);
            Assert.Contains("summary: Query a World Card's sensitive info", text);
            await File.WriteAllTextAsync(spec, text.Replace("summary: Query a World Card's sensitive info", "summary: " + EditedSpecText, StringComparison.Ordinal), ct);
            var third = await GenerateAsync(project, ct);
            Assert.True(third.ExitCode == 0, $"Run after the edit failed: {third}");
            Assert.True(RanNSwag(third), $"Run after the edit did not run NSwag: {third}");
            Assert.Contains(EditedSpecText, await File.ReadAllTextAsync(generated, ct));

            // 4. And after that regeneration it is a no-op again.
            var fourth = await GenerateAsync(project, ct);
            Assert.True(fourth.ExitCode == 0, $"Run after the regeneration failed: {fourth}");
            Assert.False(RanNSwag(fourth), $"Run after the regeneration was not a no-op: {fourth}");

            // 5. Broken spec: the build fails with KSGEN001 pointing at the spec file.
            await File.AppendAllTextAsync(spec, "\n  this is: [not valid yaml\n", ct);
            var broken = await GenerateAsync(project, ct);
            Assert.True(broken.ExitCode != 0, $"A broken spec must fail the build: {broken}");
            Assert.Contains("KSGEN001", broken.Output);
            Assert.Contains(spec, broken.Output);
            Assert.Matches(new Regex(Regex.Escape(spec) + @"\s*:\s*error KSGEN001"), broken.Output);

            // 6. Still broken on the next run: a failure leaves no stamp that would hide it.
            var stillBroken = await GenerateAsync(project, ct);
            Assert.True(stillBroken.ExitCode != 0 && stillBroken.Output.Contains("KSGEN001", StringComparison.Ordinal), $"A failed generation must not be cached: {stillBroken}");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    // NSwag keeps a file's old timestamp when its content is unchanged, so only the stamp can be the target's output;
    // otherwise a content-neutral touch of a spec (git checkout, editor save) would re-run NSwag on every build.
    [Fact]
    public async Task MSBuild_target_is_a_no_op_again_after_a_content_neutral_touch()
    {
        var ct = TestContext.Current.CancellationToken;
        var temp = Directory.CreateTempSubdirectory("ksgen-touch-");
        try
        {
            var (project, spec, _) = await CreateFixtureProjectAsync(temp, ct);
            var first = await GenerateAsync(project, ct);
            Assert.True(first.ExitCode == 0, $"First run failed: {first}");

            // Now, not in the future: a spec dated after the next stamp would rightly be regenerated again.
            File.SetLastWriteTimeUtc(spec, DateTime.UtcNow);
            var afterTouch = await GenerateAsync(project, ct);
            Assert.True(afterTouch.ExitCode == 0, $"Run after the touch failed: {afterTouch}");
            Assert.True(RanNSwag(afterTouch), $"Run after the touch did not run NSwag: {afterTouch}");

            var next = await GenerateAsync(project, ct);
            Assert.False(RanNSwag(next), $"Run after the touch-regeneration was not a no-op: {next}");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Renames CardDetail's card_last_no to card_last_four (in that schema only) and changes GetCardDetail's summary.</summary>
    private static string EditCardDetail(string spec)
    {
        var lines = spec.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd('\r') == "    CardDetail:");
        Assert.True(start >= 0, "keysecure.yaml has no CardDetail schema.");
        var end = Array.FindIndex(lines, start + 1, l => Regex.IsMatch(l, @"^ {0,4}\S"));
        end = end < 0 ? lines.Length : end;
        var renamed = 0;
        for (var i = start + 1; i < end; i++)
        {
            if (lines[i].TrimEnd('\r') == "        card_last_no:")
            {
                lines[i] = "        card_last_four:";
                renamed++;
            }
            else if (lines[i].Contains("card_last_no", StringComparison.Ordinal))
            {
                // e.g. a `required:` list naming the property.
                lines[i] = lines[i].Replace("card_last_no", "card_last_four", StringComparison.Ordinal);
            }
        }

        Assert.True(renamed == 1, $"Expected one card_last_no property in CardDetail, found {renamed}.");
        var edited = string.Join('\n', lines);
        Assert.Single(Regex.Matches(edited, Regex.Escape(OriginalSummary) + @"\r?\n"));
        return Regex.Replace(edited, Regex.Escape(OriginalSummary) + @"(?=\r?\n)", "summary: " + EditedSummaryText);
    }

    /// <summary>The text of one generated class, from its declaration to the next type declaration.</summary>
    private static string ClassBody(string code, string className)
    {
        var match = Regex.Match(code, @"public partial class " + className + @"\b");
        Assert.True(match.Success, $"Generated code has no class {className}.");
        var next = Regex.Match(code[(match.Index + match.Length)..], @"public (?:readonly )?partial (?:class|struct|interface) ");
        return next.Success ? code.Substring(match.Index, match.Length + next.Index) : code[match.Index..];
    }

    /// <summary>Derives the client view of the spec (build/OpenApiViews) and runs NSwag on it, as the build does.</summary>
    private static async Task<ProcessResult> RunNSwagAsync(string spec, string output, CancellationToken ct)
    {
        var view = Path.ChangeExtension(output, ".view.json");
        var derived = await ProcessRunner.RunAsync(ProcessRunner.DotNet, [RepoPaths.OpenApiViewsDll, spec, view], RepoPaths.Root, ct);
        if (derived.ExitCode != 0) return derived;
        return await ProcessRunner.RunAsync(
            ProcessRunner.DotNet,
            [RepoPaths.NSwagDll, "run", RepoPaths.NSwagConfig, $"/variables:Spec={view},Namespace=Fixture.Ns,Output={output}"],
            RepoPaths.Root,
            ct);
    }

    private static async Task<(string Project, string Spec, string Generated)> CreateFixtureProjectAsync(DirectoryInfo temp, CancellationToken ct)
    {
        var spec = Path.Combine(temp.FullName, "worldfirst.yaml");
        File.Copy(RepoPaths.WorldFirstSpec, spec);
        var project = Path.Combine(temp.FullName, "Fixture.proj");

        // A bare project (no SDK, so no Directory.Build.props and no restore): only the generation targets, given the
        // NSwag executable that a restore of NSwag.MSBuild would define.
        await File.WriteAllTextAsync(project, $"""
            <Project>
              <PropertyGroup>
                <RepoRoot>{RepoPaths.Root}</RepoRoot>
                <NSwagExe_Net100>dotnet "{RepoPaths.NSwagDll}"</NSwagExe_Net100>
                <OpenApiViewsExe>dotnet "{RepoPaths.OpenApiViewsDll}"</OpenApiViewsExe>
                <IntermediateOutputPath>obj/</IntermediateOutputPath>
              </PropertyGroup>
              <ItemGroup>
                <OpenApiSpec Include="worldfirst.yaml" Namespace="Fixture.WorldFirst" />
              </ItemGroup>
              <Import Project="{RepoPaths.GenerationTargets}" />
            </Project>
            """, ct);
        return (project, spec, Path.Combine(temp.FullName, "obj", "Generated", "worldfirst.g.cs"));
    }

    private static Task<ProcessResult> GenerateAsync(string project, CancellationToken ct) =>
        ProcessRunner.RunAsync(
            ProcessRunner.DotNet,
            ["msbuild", project, "-t:GenerateOpenApiClients", "-nologo", "-nodeReuse:false", "-v:n"],
            Path.GetDirectoryName(project)!,
            ct);

    /// <summary>
    /// True when the target printed its "NSwag: worldfirst.yaml -> ..." message (at normal verbosity MSBuild also prints
    /// the target header "RunNSwag:", which does not count).
    /// </summary>
    private static bool RanNSwag(ProcessResult result) => NSwagMessage().IsMatch(result.StdOut);

    [GeneratedRegex(@"(?<![A-Za-z])NSwag: \S+\.yaml -> ")]
    private static partial Regex NSwagMessage();

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
