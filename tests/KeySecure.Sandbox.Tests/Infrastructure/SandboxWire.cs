using System.Collections.Concurrent;
using KeySecure.Generated.ContractTests.Verification;
using KeySecure.Generated.SpecTesting;

namespace KeySecure.Sandbox.Tests.Infrastructure;

/// <summary>
/// The specs as the oracle of the sandbox tests: every answer the sandbox gives and every request the SDK sends it are
/// checked against their operation in <c>openapi/*.yaml</c> (closed schemas: a member the spec does not declare fails),
/// with encrypted values decrypted under the sandbox's own ApiSecret by an AES written independently of both.
/// </summary>
public static class SandboxWire
{
    // One validator per ApiSecret: a validator caches its compiled schemas, and most tests share one sandbox's credentials.
    private static readonly ConcurrentDictionary<string, WireValidator> KeySecureBySecret = new(StringComparer.Ordinal);
    private static readonly Lazy<WireValidator> LazyWorldFirst = new(() => new WireValidator(WireSpec.WorldFirst));

    public static WireValidator KeySecure(string apiSecret) =>
        KeySecureBySecret.GetOrAdd(apiSecret, secret => new WireValidator(WireSpec.KeySecure, ciphertext => AesEcb.Decrypt(ciphertext, secret)));

    public static WireValidator WorldFirst => LazyWorldFirst.Value;

    /// <summary>The validator and operation of a request to this method and path; a path no spec has gives no operation.</summary>
    public static (WireValidator Validator, WireOperation? Operation) Find(string apiSecret, string method, string path)
    {
        var keySecure = KeySecure(apiSecret);
        if (keySecure.Spec.Match(method, path) is { } operation) return (keySecure, operation);
        return (WorldFirst, WorldFirst.Spec.Match(method, path));
    }

    /// <summary>The violations of one exchange: the request (unless it was changed off the spec on purpose) and the answer.</summary>
    public static IReadOnlyList<WireViolation> Check(
        string apiSecret, WireRequest request, WireResponse response, bool checkRequest = true, bool checkAnswer = true)
    {
        var path = request.PathAndQuery.Split('?', 2)[0];
        var (validator, operation) = Find(apiSecret, request.Method, path);
        var violations = new List<WireViolation>();
        if (checkRequest) violations.AddRange(validator.CheckRequest(request));
        if (operation is null)
        {
            if (!checkRequest) violations.Add(new("(no operation)", "response", request.ToString(), "operation", "no operation of the specs answers this request"));
            return violations;
        }
        if (checkAnswer) violations.AddRange(validator.CheckResponse(operation, response));
        return violations;
    }
}

/// <summary>
/// Sits where the SDK's requests leave for the sandbox and checks each exchange with <see cref="SandboxWire"/>; a
/// violation fails the call with a <see cref="WireContractException"/> naming operation, pointer and rule. Requests are
/// not checked when a test changes them on the wire on purpose (<paramref name="checkRequests"/> false), answers not when
/// a test sets faults that answer off the spec on purpose (<paramref name="checkAnswers"/> false).
/// </summary>
public sealed class WireCheckingHandler(string apiSecret, bool checkRequests, bool checkAnswers, WireJournal journal, HttpMessageHandler inner)
    : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        // Read after sending: a tampering inner handler has replaced the content by then, so this is what went on the wire.
        var sent = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var wireRequest = new WireRequest(request.Method.Method, request.RequestUri!.PathAndQuery, headers, sent);
        var wireResponse = new WireResponse((int)response.StatusCode, body);
        journal.Add(wireRequest, wireResponse);
        var violations = SandboxWire.Check(apiSecret, wireRequest, wireResponse, checkRequests, checkAnswers);
        if (violations.Count > 0) throw new WireContractException($"The exchange {wireRequest}", violations);
        return response;
    }
}

/// <summary>Every exchange one <see cref="Sdk"/> had with the sandbox, as it went over the wire, in order.</summary>
public sealed class WireJournal
{
    private readonly ConcurrentQueue<(WireRequest Request, WireResponse Response)> _exchanges = new();

    public IReadOnlyList<(WireRequest Request, WireResponse Response)> Exchanges => [.. _exchanges];

    public void Add(WireRequest request, WireResponse response) => _exchanges.Enqueue((request, response));
}
