using Microsoft.AspNetCore.Http;

namespace KeySecure.Sandbox.Inspection;

/// <summary>The requests received, oldest first, at most <see cref="Capacity"/> (the oldest are dropped) so a long-running sandbox stays bounded.</summary>
internal sealed class RequestJournal
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Queue<SandboxRequest> _requests = new();

    public IReadOnlyList<SandboxRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    /// <summary>Records <paramref name="http"/>'s request, leaving its body readable again for the operation.</summary>
    public async Task RecordAsync(HttpContext http, DateTimeOffset time, string? operationId)
    {
        var request = http.Request;
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var entry = new SandboxRequest(time, request.Method, request.Path.Value + request.QueryString.Value, operationId, headers, body);
        lock (_gate)
        {
            _requests.Enqueue(entry);
            if (_requests.Count > Capacity) _requests.Dequeue();
        }
    }
}
