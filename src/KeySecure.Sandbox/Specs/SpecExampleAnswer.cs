using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace KeySecure.Sandbox.Specs;

/// <summary>
/// The answer of an operation the sandbox does not emulate: its spec's <c>200</c> example, byte for byte, after the
/// example has been checked against the <c>200</c> schema like every answer. An operation added to a spec is thus
/// callable after one build, with no sandbox code; an example that breaks its own schema is answered HTTP 500 naming
/// the breach, so the spec is fixed rather than a client taught to read a wrong answer.
/// </summary>
internal static class SpecExampleAnswer
{
    public static Task WriteAsync(HttpContext http, SpecOperation operation)
    {
        var (status, body) = Of(operation);
        http.Response.StatusCode = status;
        http.Response.ContentType = status == StatusCodes.Status200OK ? "application/json" : "text/plain; charset=utf-8";
        return http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), http.RequestAborted).AsTask();
    }

    /// <summary>The status and body the operation is answered with: 200 and its example, or 500 and why there is none.</summary>
    public static (int Status, string Body) Of(SpecOperation operation)
    {
        var spec = operation.Spec;
        var response = operation.Node["responses"]?["200"] is JsonObject declared ? spec.Resolve(declared) : null;
        var media = response?["content"] is JsonObject content
            ? content.FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)).Value
            : null;
        if (media?["example"] is not { } example)
        {
            return (StatusCodes.Status500InternalServerError, $"sandbox: {operation} has no 200 example in {spec.FileName} to answer with.");
        }
        var breaches = new SchemaRules(spec).Check(media["schema"], example);
        if (breaches.Count > 0)
        {
            return (StatusCodes.Status500InternalServerError,
                $"sandbox: the 200 example of {operation} in {spec.FileName} breaks its own schema: "
                + string.Join("; ", breaches.Select(b => $"{b.Pointer}: [{b.Rule}] {b.Message}")));
        }
        return (StatusCodes.Status200OK, example.ToJsonString());
    }
}
