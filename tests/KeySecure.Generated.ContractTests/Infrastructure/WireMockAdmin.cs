using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using KeySecure.Generated.SpecTesting;
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
/// remote server; the work itself is in memory. Every stub and answer is checked against the specs
/// (<see cref="WireContract"/>); <see cref="AssertWireAsync"/> checks the journal's requests.
/// </summary>
public sealed class WireMockAdmin
{
    private static readonly TimeSpan JournalWait = TimeSpan.FromSeconds(10);
    private readonly WireMockNetServer _server;
    private readonly ConcurrentQueue<WireViolation> _answerViolations = new();

    /// <summary>Paths no operation has, served by off-spec stubs: their requests are not checked (e.g. fault probes).</summary>
    private readonly ConcurrentDictionary<string, bool> _offSpecPaths = new();

    internal WireMockAdmin(WireMockNetServer server) => _server = server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Removes every stub, clears the journal and resets all scenarios.</summary>
    public Task ResetAsync()
    {
        _server.Reset();
        _server.ResetScenarios();
        _answerViolations.Clear();
        _offSpecPaths.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Adds one stub written in WireMock's mapping JSON; a response off its operation's spec throws.</summary>
    public Task AddMappingAsync(JsonNode mapping)
    {
        var stub = mapping.AsObject();
        WireContract.AssertStub(stub);
        var (method, path) = ((string?)stub["request"]?["method"] ?? "", (string?)stub["request"]?["urlPath"] ?? "");
        if (WireContract.IsOffSpec(stub) && !WireContract.IsOperation(method, path)) _offSpecPaths[path] = true;
        WireMockOrgMapping.AddTo(_server, stub);
        return Task.CompletedTask;
    }

    /// <summary>Adds the example stub of every operation of a spec (<see cref="ExampleStubs"/>).</summary>
    public async Task LoadMappingSetAsync(string set)
    {
        foreach (var stub in ExampleStubs.All(set)) await AddMappingAsync(stub);
    }

    /// <summary>Adds one operation's example stub.</summary>
    public Task LoadMappingAsync(string set, string operationId) => AddMappingAsync(ExampleStubs.Load(set, operationId));

    /// <summary>
    /// Throws when a request in the journal, or an answer computed by a test (<see cref="AddAnsweredByTestAsync"/>),
    /// breaks the specs; the message names the operation, the place and the rule of each violation.
    /// </summary>
    public async Task AssertWireAsync()
    {
        var violations = (await RequestsAsync())
            .Where(r => !_offSpecPaths.ContainsKey(r.Path))
            .SelectMany(WireContract.Check)
            .Concat(_answerViolations)
            .ToList();
        if (violations.Count > 0) throw new WireContractException("What went over the wire", violations);
    }

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
                var body = await answer();
                foreach (var violation in WireContract.Check(method, urlPath, 200, body)) _answerViolations.Enqueue(violation);
                var message = new ResponseMessage
                {
                    StatusCode = 200,
                    BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
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
