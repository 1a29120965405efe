using KeySecure.Generated.ContractTests.Infrastructure;

namespace KeySecure.Cli.Tests.WireMock;

/// <summary>
/// A provider answer the test holds back: it sees each request arrive (before any byte is answered) and decides when,
/// or whether, it is answered. Disposing it releases a request still held, so nothing outlives the test.
/// </summary>
public sealed class HeldAnswer : IDisposable
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _description;
    private int _received;

    private HeldAnswer(string description) => _description = description;

    /// <summary>How many requests reached the stub.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Stubs <paramref name="method"/> <paramref name="path"/> (relative to <c>/open-api/v1</c>) with an answer the test holds.</summary>
    public static async Task<HeldAnswer> StubAsync(WireMockAdmin wireMock, string method, string path)
    {
        var held = new HeldAnswer($"{method} {path}");
        await wireMock.AddAnsweredByTestAsync(method, Stubs.KeySecurePrefix + path, held.RespondAsync);
        return held;
    }

    /// <summary>Waits until a request has arrived, failing after <paramref name="deadline"/> (10 s by default).</summary>
    public async Task ArrivedAsync(TimeSpan? deadline = null)
    {
        var wait = deadline ?? DefaultDeadline;
        try
        {
            await _arrived.Task.WaitAsync(wait, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_description} did not arrive within {wait.TotalSeconds} s.");
        }
    }

    /// <summary>Answers the held request (and any later one) with this JSON body, HTTP 200.</summary>
    public void Answer(string body) => _answer.TrySetResult(body);

    public void Dispose() => _answer.TrySetCanceled();

    private Task<string> RespondAsync()
    {
        Interlocked.Increment(ref _received);
        _arrived.TrySetResult();
        return _answer.Task;
    }
}
