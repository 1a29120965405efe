using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KeySecure.Generated.SpecTesting;

/// <summary>The documented examples of a spec: each operation's answer and the path its parameter examples fill in.</summary>
public static partial class SpecExamples
{
    /// <summary>The example of the operation's 200 JSON answer (the whole body on the wire), a fresh copy.</summary>
    public static JsonNode SuccessBody(WireOperation operation)
    {
        var response = operation.Spec.Resolve(operation.Node["responses"]?["200"]?.AsObject()
            ?? throw new InvalidOperationException($"{operation}: no 200 response."));
        var media = response["content"]?.AsObject().FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.Ordinal)).Value;
        return media?["example"]?.DeepClone() ?? throw new InvalidOperationException($"{operation}: the 200 response has no example.");
    }

    /// <summary>The request path (server base path included) with every path parameter set to its example.</summary>
    public static string Path(WireOperation operation) =>
        operation.Spec.BasePath + PathParameter().Replace(operation.PathTemplate, match =>
        {
            var name = match.Groups[1].Value;
            var parameter = operation.Parameters.SingleOrDefault(p => (string?)p["in"] == "path" && (string?)p["name"] == name)
                            ?? throw new InvalidOperationException($"{operation}: no path parameter '{name}'.");
            var example = (string?)parameter["example"] ?? (string?)parameter["schema"]?["example"]
                          ?? throw new InvalidOperationException($"{operation}: path parameter '{name}' has no example.");
            return Uri.EscapeDataString(example);
        });

    [GeneratedRegex(@"\{([^/}]+)\}")]
    private static partial Regex PathParameter();
}
