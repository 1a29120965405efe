using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>
/// The templates in build/templates take the place of templates NSwag carries inside its own assemblies, and each was
/// written against the upstream template of the pinned NSwag.MSBuild. A new NSwag that changes one of those upstream
/// templates fails here, so its changes are carried into the fork on purpose instead of being silently lost.
/// </summary>
public sealed class TemplateForkTests
{
    /// <summary>Fork in build/templates, the NSwag tools assembly that embeds the upstream template, its resource name, and the SHA-256 of the upstream template the fork was made from.</summary>
    public static TheoryData<string, string, string, string> Forks => new()
    {
        // NJsonSchema 11.6.2 (NSwag.MSBuild 14.8.0).
        { "Class.liquid", "NJsonSchema.CodeGeneration.CSharp.dll", "NJsonSchema.CodeGeneration.CSharp.Templates.Class.liquid", "e8d372160ee3551f5ee1a323005ae5a7a0a266cb712a95c1b2385586046ee43d" },
        { "Enum.liquid", "NJsonSchema.CodeGeneration.CSharp.dll", "NJsonSchema.CodeGeneration.CSharp.Templates.Enum.liquid", "761ac7920d4de9a204a6e74d21b9bad1770778998a82451b15d410d42c070919" },
        // NSwag 14.8.0.
        { "Client.Interface.liquid", "NSwag.CodeGeneration.CSharp.dll", "NSwag.CodeGeneration.CSharp.Templates.Client.Interface.liquid", "1fd15079de783ce37219b32932146afd04fa6179869c2a36aa0f2a0708580bb7" },
    };

    [Theory]
    [MemberData(nameof(Forks))]
    public void Each_fork_was_made_from_the_template_the_pinned_NSwag_carries(string fork, string assembly, string resource, string forkedFromSha256)
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.TemplateDirectory, fork)), $"build/templates/{fork} is gone: remove its row here.");
        var upstream = EmbeddedResource(Path.Combine(RepoPaths.NSwagDir, assembly), resource);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(upstream));
        if (sha256 == forkedFromSha256)
        {
            return;
        }

        var saved = Path.Combine(Path.GetTempPath(), $"upstream-{resource}");
        File.WriteAllBytes(saved, upstream);
        Assert.Fail(
            $"The pinned NSwag.MSBuild changed {resource} (SHA-256 {sha256}; build/templates/{fork} was made from {forkedFromSha256}). " +
            $"The new upstream template is in {saved}: make the fork from it again, re-applying the changes its header lists, " +
            "check that the generated code still builds and reads the same, then put the new SHA-256 here.");
    }

    /// <summary>The bytes of a manifest resource, read from the assembly's metadata without loading it.</summary>
    private static byte[] EmbeddedResource(string assemblyPath, string resourceName)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var metadata = pe.GetMetadataReader();
        var resources = pe.PEHeaders.CorHeader!.ResourcesDirectory;
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != resourceName)
            {
                continue;
            }
            // An embedded resource is a 4-byte length followed by its bytes, at its offset in the resources directory.
            var reader = pe.GetSectionData(resources.RelativeVirtualAddress).GetReader((int)resource.Offset, resources.Size - (int)resource.Offset);
            return reader.ReadBytes(reader.ReadInt32());
        }

        throw new InvalidOperationException($"{assemblyPath} embeds no {resourceName}: NSwag renamed or moved its templates; find the new home of the template and update this test.");
    }
}
