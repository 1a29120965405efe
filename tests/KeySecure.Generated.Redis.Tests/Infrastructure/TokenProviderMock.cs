using System.Globalization;
using System.Net;
using System.Text;

namespace KeySecure.Generated.Redis.Tests.Infrastructure;

/// <summary>
/// A KeySecure host on a loopback port, reachable from other processes, that keeps ONE live token per merchant (as
/// the providers of this kind commonly do): every Get Token issues a new token and retires the previous one, and a
/// call with a retired or revoked token gets 1007. It serves Get Token (after <see cref="TokenDelay"/>) and Get Card
/// Detail, and counts both.
/// </summary>
public sealed class TokenProviderMock : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _gate = new();
    private string? _liveToken;
    private int _tokensIssued;
    private int _tokenRequests;
    private int _detailCalls;
    private int _rejections;

    public TokenProviderMock(TimeSpan tokenDelay)
    {
        TokenDelay = tokenDelay;
        for (var attempt = 0; ; attempt++)
        {
            var port = LoopbackPort.Free();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                BaseAddress = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Someone took the port between the probe and the start: try another.
            }
        }
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public TimeSpan TokenDelay { get; set; }

    /// <summary>When set, every Get Token waits for it too: a test decides when the provider answers.</summary>
    public Task? TokenGate { get; set; }

    /// <summary>Get Token requests received so far, answered or not.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Get Token requests answered so far.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    public int DetailCalls => Volatile.Read(ref _detailCalls);

    /// <summary>Calls answered with 1007.</summary>
    public int Rejections => Volatile.Read(ref _rejections);

    /// <summary>The provider drops the live token (as after its own expiry or a revocation): the next call with it gets 1007.</summary>
    public void RevokeLiveToken()
    {
        lock (_gate) _liveToken = null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.Url!.AbsolutePath;
            string body;
            if (path.EndsWith("/merchant/token", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _tokenRequests);
                await Task.Delay(TokenDelay, _stop.Token);
                if (TokenGate is { } gate) await gate.WaitAsync(_stop.Token);
                string token;
                lock (_gate)
                {
                    token = "tok-" + Interlocked.Increment(ref _tokensIssued).ToString(CultureInfo.InvariantCulture);
                    _liveToken = token;
                }
                var expiry = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeMilliseconds();
                body = $$$"""{"code":0,"msg":"Success","data":{"access_token":"{{{token}}}","expired_time":{{{expiry}}}}}""";
            }
            else if (path.EndsWith("/detail", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _detailCalls);
                var presented = context.Request.Headers["Access-Token"];
                bool live;
                lock (_gate) live = presented is not null && presented == _liveToken;
                if (live)
                {
                    var cardNo = path.Split('/')[^2];
                    body = $$$"""{"code":0,"msg":"Success","data":{"card_no":"{{{cardNo}}}","status":"Activated","card_type":"Virtual"}}""";
                }
                else
                {
                    Interlocked.Increment(ref _rejections);
                    body = """{"code":1007,"msg":"Access-Token expired","data":null}""";
                }
            }
            else
            {
                context.Response.StatusCode = 404;
                body = """{"code":404,"msg":"not found","data":null}""";
            }
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
            context.Response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            context.Response.Abort();
        }
    }
}
