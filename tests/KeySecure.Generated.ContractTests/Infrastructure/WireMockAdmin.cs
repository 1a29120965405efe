using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>WireMock's admin API: reset, mappings (stubs) and the request journal.</summary>
public sealed class WireMockAdmin : IDisposable
{
    private readonly HttpClient _http;

    public WireMockAdmin(Uri baseUri) => _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(15) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Removes every stub, clears the journal and resets all scenarios.</summary>
    public async Task ResetAsync()
    {
        using var response = await _http.PostAsync("/__admin/reset", null, Ct);
        await EnsureOk(response, "reset");
    }

    public async Task AddMappingAsync(JsonNode mapping)
    {
        using var content = new StringContent(mapping.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/__admin/mappings", content, Ct);
        await EnsureOk(response, "add mapping");
    }

    /// <summary>Loads every file of a mapping set (<c>Mappings/&lt;set&gt;/*.json</c>, copied to the output).</summary>
    public async Task LoadMappingSetAsync(string set)
    {
        foreach (var file in MappingFiles.All(set)) await AddMappingAsync(MappingFiles.Read(file));
    }

    /// <summary>Loads one operation's documented response (<c>Mappings/&lt;set&gt;/&lt;operationId&gt;.json</c>).</summary>
    public Task LoadMappingAsync(string set, string operationId) => AddMappingAsync(MappingFiles.Load(set, operationId));

    /// <summary>The journal, oldest first.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> RequestsAsync()
    {
        using var response = await _http.GetAsync("/__admin/requests", Ct);
        await EnsureOk(response, "read journal");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.GetProperty("requests").EnumerateArray()
            .Select(e => RecordedRequest.FromJournal(e.GetProperty("request")))
            .Reverse() // WireMock lists newest first
            .ToList();
    }

    public async Task<IReadOnlyList<RecordedRequest>> RequestsAsync(string method, string path) =>
        (await RequestsAsync()).Where(r => r.Method == method && r.Path == path).ToList();

    /// <summary>
    /// Waits until at least <paramref name="atLeast"/> requests for the path are journaled (a delayed or faulted request
    /// may be logged after the client gave up), then waits <paramref name="settle"/> more and returns them all.
    /// </summary>
    public async Task<IReadOnlyList<RecordedRequest>> RequestsEventuallyAsync(string method, string path, int atLeast, TimeSpan? settle = null)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<RecordedRequest> found;
        do
        {
            found = await RequestsAsync(method, path);
            if (found.Count >= atLeast) break;
            await Task.Delay(100, Ct);
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(10));
        if (settle is { } extra)
        {
            await Task.Delay(extra, Ct);
            found = await RequestsAsync(method, path);
        }
        return found;
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureOk(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(Ct);
        throw new InvalidOperationException($"WireMock admin '{what}' failed: HTTP {(int)response.StatusCode} {body}");
    }
}
