using System.Text.Json.Nodes;

namespace KeySecure.Sandbox.Specs;

/// <summary>The two specs the sandbox was built with (embedded resources written from <c>openapi/*.yaml</c> by the build).</summary>
internal sealed class SandboxSpecs(SpecDocument keySecure, SpecDocument worldFirst)
{
    private static readonly Lazy<SandboxSpecs> LazyEmbedded = new(() => new SandboxSpecs(Load("keysecure"), Load("worldfirst")));

    /// <summary>The specs this assembly was built with.</summary>
    public static SandboxSpecs Embedded => LazyEmbedded.Value;

    public SpecDocument KeySecure { get; } = keySecure;

    public SpecDocument WorldFirst { get; } = worldFirst;

    public IEnumerable<SpecDocument> All => [KeySecure, WorldFirst];

    /// <summary>The operation a request with this method and path is for, in either spec; null if none.</summary>
    public SpecOperation? Match(string method, string path) =>
        All.Select(s => s.Match(method, path)).FirstOrDefault(o => o is not null);

    public SpecOperation? Operation(string operationId) =>
        All.SelectMany(s => s.Operations).FirstOrDefault(o => o.OperationId == operationId);

    /// <summary>The embedded JSON of <c>openapi/<paramref name="name"/>.yaml</c>, a fresh copy.</summary>
    public static JsonObject EmbeddedJson(string name)
    {
        var resource = $"KeySecure.Sandbox.Specs.{name}.json";
        using var stream = typeof(SandboxSpecs).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"The sandbox assembly carries no {resource}: it was built without the specs.");
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static SpecDocument Load(string name) => new(name + ".yaml", EmbeddedJson(name));
}
