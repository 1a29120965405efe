using System.Text.Json.Nodes;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>The static mapping files (<c>Mappings/keysecure</c>, <c>Mappings/worldfirst</c>) next to the test binaries.</summary>
public static class MappingFiles
{
    public const string KeySecure = "keysecure";
    public const string WorldFirst = "worldfirst";

    public static string Directory(string set) => Path.Combine(AppContext.BaseDirectory, "Mappings", set);

    public static IReadOnlyList<string> All(string set) =>
        System.IO.Directory.GetFiles(Directory(set), "*.json").Order(StringComparer.Ordinal).ToList();

    public static JsonObject Read(string file) =>
        JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InvalidOperationException($"{file} is empty.");

    public static JsonObject Load(string set, string operationId)
    {
        var file = Path.Combine(Directory(set), operationId + ".json");
        return File.Exists(file) ? Read(file) : throw new FileNotFoundException($"No mapping for {operationId} in set '{set}'.", file);
    }

    /// <summary>The envelope's <c>data</c> of a KeySecure mapping, i.e. what the typed result must hold.</summary>
    public static JsonNode? KeySecureData(string operationId) => Load(KeySecure, operationId)["response"]!["jsonBody"]!["data"];
}
