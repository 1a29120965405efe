using KeySecure.Sandbox.Specs;
using Microsoft.AspNetCore.Http;

namespace KeySecure.Sandbox.Inspection;

/// <summary>
/// The requests received, oldest first, at most <see cref="Capacity"/> (the oldest are dropped) so a long-running
/// sandbox stays bounded; each checked against the specs as it arrives.
/// </summary>
internal sealed class RequestJournal(RequestRules rules)
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Queue<SandboxRequest> _requests = new();

    public IReadOnlyList<SandboxRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    /// <summary>The requests that break the spec, oldest first.</summary>
    public IReadOnlyList<SandboxRequest> OffSpec => Requests.Where(r => r.Violations.Count > 0).ToList();

    /// <summary>Records <paramref name="http"/>'s request, checked against the specs, leaving its body readable again for the operation.</summary>
    public async Task<SandboxRequest> RecordAsync(HttpContext http, DateTimeOffset time, string? operationId)
    {
        var request = http.Request;
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = request.Path.Value ?? "/";
        var entry = new SandboxRequest(time, request.Method, path + request.QueryString.Value, operationId, headers, body)
        {
            Violations = rules.Check(request.Method, path, request.QueryString.Value ?? "", headers, body),
        };
        lock (_gate)
        {
            _requests.Enqueue(entry);
            if (_requests.Count > Capacity) _requests.Dequeue();
        }
        return entry;
    }
}
