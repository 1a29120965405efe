using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;
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

    /// <summary>
    /// Adds a stub answered by the test in-process, which WireMock's mapping JSON cannot express: <paramref name="answer"/>
    /// runs as soon as a request arrives, before any byte is answered, and the JSON body it returns is sent with HTTP
    /// 200 (a task that never completes holds the answer back). Such a request is journaled only once it is answered.
    /// </summary>
    public Task AddAnsweredByTestAsync(string method, string urlPath, Func<Task<string>> answer)
    {
        _server
            .Given(Request.Create().UsingMethod(method).WithPath(new ExactMatcher(urlPath)))
            .AtPriority(1)
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                var message = new ResponseMessage
                {
                    StatusCode = 200,
                    BodyData = new BodyData { BodyAsString = await answer(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
                };
                message.AddHeader("Content-Type", "application/json");
                return (IResponseMessage)message;
            }));
        return Task.CompletedTask;
    }

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
