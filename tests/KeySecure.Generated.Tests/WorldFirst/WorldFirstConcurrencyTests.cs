using System.Collections.Concurrent;
using System.Text;
using KeySecure.Generated.WorldFirst;

namespace KeySecure.Generated.Tests.WorldFirst;

public sealed class WorldFirstConcurrencyTests
{
    [Fact]
    public async Task Two_hundred_concurrent_signed_calls_share_the_keys_safely()
    {
        var badRequests = new ConcurrentBag<string>();
        using var host = new WorldFirstTestHost((request, _) =>
        {
            var assetId = System.Text.Json.JsonDocument.Parse(request.Body).RootElement.GetProperty("assetId").GetString()!;
            var text = Encoding.UTF8.GetBytes($"{request.Method} {request.Uri.AbsolutePath}\n{WorldFirstTestHost.ClientId}.{request.Header("Request-Time")}.")
                .Concat(request.Body).ToArray();
            if (!TestKeys.Merchant.Verify(text, WorldFirstRequestSigningTests.DecodeSignature(request.Header("Signature")))) badRequests.Add(assetId);
            return WorldFirstResponses.Signed(request, WorldFirstResponses.Success(assetId));
        });
        var client = host.Client;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await client.QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = $"ASSET-{i}" }, TestContext.Current.CancellationToken);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Empty(badRequests);
        Assert.Equal(200, host.Server.Calls);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"ASSET-{i}"), results.Select(r => r.AssetId));
        Assert.All(results, r => Assert.Equal(ResultStatus.S, r.Result.ResultStatus));
    }
}
