using System.Text.Json.Nodes;
using WireMockNetServer = WireMock.Server.WireMockServer;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>
/// Control of the in-process WireMock.Net server: reset, stubs (in WireMock's mapping JSON, see
/// <see cref="WireMockOrgMapping"/>) and the request journal. Asynchronous so call sites read as they did against a
/// remote server; the work itself is in memory.
/// </summary>
public sealed class WireMockAdmin
{
    private static readonly TimeSpan JournalWait = TimeSpan.FromSeconds(10);
    private readonly WireMockNetServer _server;

    internal WireMockAdmin(WireMockNetServer server) => _server = server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Removes every stub, clears the journal and resets all scenarios.</summary>
    public Task ResetAsync()
    {
        _server.Reset();
        _server.ResetScenarios();
        return Task.CompletedTask;
    }

    /// <summary>Adds one stub written in WireMock's mapping JSON (the format of the files under Mappings/).</summary>
    public Task AddMappingAsync(JsonNode mapping)
    {
        WireMockOrgMapping.AddTo(_server, mapping.AsObject());
        return Task.CompletedTask;
    }

    /// <summary>Loads every file of a mapping set (<c>Mappings/&lt;set&gt;/*.json</c>, copied to the output).</summary>
    public async Task LoadMappingSetAsync(string set)
    {
        foreach (var file in MappingFiles.All(set)) await AddMappingAsync(MappingFiles.Read(file));
    }

    /// <summary>Loads one operation's documented response (<c>Mappings/&lt;set&gt;/&lt;operationId&gt;.json</c>).</summary>
    public Task LoadMappingAsync(string set, string operationId) => AddMappingAsync(MappingFiles.Load(set, operationId));

    /// <summary>The journal, oldest first.</summary>
    public Task<IReadOnlyList<RecordedRequest>> RequestsAsync()
    {
        IReadOnlyList<RecordedRequest> requests = _server.LogEntries
            .Select(entry => RecordedRequest.FromLogEntry(entry.RequestMessage
                ?? throw new InvalidOperationException($"WireMock logged entry {entry.Guid} without its request.")))
            .OrderBy(r => r.LoggedAt)
            .ToList();
        return Task.FromResult(requests);
    }

    public async Task<IReadOnlyList<RecordedRequest>> RequestsAsync(string method, string path) =>
        (await RequestsAsync()).Where(r => r.Method == method && r.Path == path).ToList();

    /// <summary>
    /// Waits until at least <paramref name="atLeast"/> requests for the path are journaled (a delayed or faulted request
    /// is logged when WireMock finishes with it, which may be after the client gave up), then waits
    /// <paramref name="settle"/> more and returns them all. The wait has a deadline; what was found by then is returned
    /// and the caller's count assertion reports the shortfall.
    /// </summary>
    public async Task<IReadOnlyList<RecordedRequest>> RequestsEventuallyAsync(string method, string path, int atLeast, TimeSpan? settle = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(JournalWait);
        IReadOnlyList<RecordedRequest> found;
        while ((found = await RequestsAsync(method, path)).Count < atLeast && !deadline.IsCancellationRequested)
        {
            await Task.Delay(50, Ct);
        }
        if (settle is { } extra)
        {
            await Task.Delay(extra, Ct);
            found = await RequestsAsync(method, path);
        }
        return found;
    }
}
