using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KeySecure.Generated.Benchmarks.Peers;
using KeySecure.Generated.Benchmarks.Peers.Kiota;
using KeySecure.Generated.Benchmarks.Shared;
using KeySecure.Generated.OpenPlatform;
using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.DependencyInjection;
using RestSharp;
using RestSharp.Serializers.Json;

namespace KeySecure.Generated.Benchmarks.Benchmarks;

/// <summary>
/// Scenario 1: per-call overhead with the network replaced by <see cref="CannedHandler"/>. The SDK (real DI client:
/// all handlers, resilience, cached token, timestamp) against the hand-written floor and every peer generated from or
/// written against the same spec (Kiota, plain Refit, RestSharp, the hand-built Refit + standard resilience peer), per operation. Method names are the keys the
/// report reads (<c>{Client}{Operation}</c>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PerCallBenchmarks
{
    private readonly CannedHandler _canned = new();
    private ServiceProvider _services = null!;
    private ICardsClient _sdk = null!;
    private HttpClient _floorHttp = null!;
    private FloorClient _floor = null!;
    private RestClient _rest = null!;
    private KiotaKeySecureClient _kiota = null!;
    private IDisposable _kiotaOwner = null!;
    private RefitPeer _refit = null!;
    private HandBuiltPeer _handBuilt = null!;
    private WorldFirstCanned _worldFirst = null!;
    private ServiceProvider _worldFirstServices = null!;
    private IWorldCardClient _sdkWorldFirst = null!;
    private HttpClient _floorWorldFirstHttp = null!;
    private WorldFirstFloorClient _floorWorldFirst = null!;
    private readonly QueryCardSensitiveInfoRequest _query = new() { AssetId = "ASSET-1" };
    private readonly FloorSensitiveInfoQuery _floorQuery = new() { AssetId = "ASSET-1" };
    private readonly ApplyCardRequest _apply = Sdk.ApplyRequest();
    private readonly FloorApplyCardRequest _floorApply = Sdk.FloorApplyRequest();
    private readonly Peers.Kiota.Models.ApplyCardRequest _kiotaApply = new()
    {
        CardholderNo = "CH202605220001",
        CardUniqueNo = "merchant-card-0002",
        PackageNo = "PKG-STANDARD",
        CardType = Peers.Kiota.Models.CardType.Virtual,
    };

    [GlobalSetup]
    public void Setup()
    {
        _services = Sdk.Create(_canned);
        _sdk = _services.GetRequiredService<ICardsClient>();
        // Warms the token cache (one Get Token) and every lazy in the pipeline.
        _sdk.GetCardDetailAsync(Canned.CardNo, CancellationToken.None).GetAwaiter().GetResult();

        _floorHttp = new HttpClient(_canned, disposeHandler: false) { BaseAddress = Canned.ApiRoot };
        _floor = new FloorClient(_floorHttp, Canned.ApiKey);
        _floor.WarmUpAsync(CancellationToken.None).GetAwaiter().GetResult();

        _rest = new RestClient(
            new RestClientOptions(Canned.ApiRoot) { ConfigureMessageHandler = _ => _canned },
            configureSerialization: s => s.UseSystemTextJson(new JsonSerializerOptions { TypeInfoResolver = FloorJson.Default }));
        if (RestSharpGetCardDetail().GetAwaiter().GetResult().CardNo != Canned.CardNo) throw new InvalidOperationException("RestSharp setup");

        (_kiota, _kiotaOwner) = KiotaPeer.Create(_canned, Canned.ApiRoot, Canned.ApiKey, Canned.Token);
        if (KiotaGetCardDetail().GetAwaiter().GetResult()?.CardNo != Canned.CardNo) throw new InvalidOperationException("Kiota setup");
        if (KiotaApplyCard().GetAwaiter().GetResult()?.CardNo is null) throw new InvalidOperationException("Kiota setup");

        _refit = new RefitPeer(_canned, Canned.ApiRoot, Canned.ApiKey, Canned.Token);
        if (RefitGetCardDetail().GetAwaiter().GetResult().CardNo != Canned.CardNo) throw new InvalidOperationException("Refit setup");
        if (RefitApplyCard().GetAwaiter().GetResult().CardNo is null) throw new InvalidOperationException("Refit setup");

        _handBuilt = new HandBuiltPeer(_canned, Canned.ApiRoot, Canned.ApiKey);
        if (HandBuiltGetCardDetail().GetAwaiter().GetResult().CardNo != Canned.CardNo) throw new InvalidOperationException("HandBuilt setup");
        if (HandBuiltApplyCard().GetAwaiter().GetResult().CardNo is null) throw new InvalidOperationException("HandBuilt setup");

        _worldFirst = new WorldFirstCanned();
        _worldFirstServices = _worldFirst.CreateServices(WorldFirstVerificationMode.Required);
        _sdkWorldFirst = _worldFirstServices.GetRequiredService<IWorldCardClient>();
        _floorWorldFirstHttp = new HttpClient(_worldFirst, disposeHandler: false) { BaseAddress = WorldFirstCanned.Gateway };
        _floorWorldFirst = new WorldFirstFloorClient(_floorWorldFirstHttp, WorldFirstCanned.ClientId, _worldFirst.Merchant, _worldFirst.WorldFirst);
        if (SdkWorldFirst().GetAwaiter().GetResult().CardNo is null || FloorWorldFirst().GetAwaiter().GetResult().CardNo is null) throw new InvalidOperationException("WorldFirst setup");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _floorHttp.Dispose();
        _rest.Dispose();
        _kiotaOwner.Dispose();
        _refit.Http.Dispose();
        _handBuilt.Dispose();
        _worldFirstServices.Dispose();
        _floorWorldFirstHttp.Dispose();
        _worldFirst.DisposeKeys();
    }

    [BenchmarkCategory("GetCardDetail"), Benchmark(Baseline = true, Description = "Floor GetCardDetail")]
    public Task<FloorCardDetail> FloorGetCardDetail() => _floor.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [BenchmarkCategory("GetCardDetail"), Benchmark(Description = "SDK GetCardDetail")]
    public Task<CardDetail> SdkGetCardDetail() => _sdk.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [BenchmarkCategory("GetCardDetail"), Benchmark(Description = "RestSharp GetCardDetail")]
    public async Task<FloorCardDetail> RestSharpGetCardDetail()
    {
        var request = new RestRequest("card/{no}/detail")
            .AddUrlSegment("no", Canned.CardNo)
            .AddHeader("Accept", "application/json")
            .AddHeader("Api-Key", Canned.ApiKey)
            .AddHeader("Timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .AddHeader("Access-Token", Canned.Token);
        var response = await _rest.ExecuteAsync<FloorEnvelope<FloorCardDetail>>(request, CancellationToken.None).ConfigureAwait(false);
        return Unwrap(response);
    }

    [BenchmarkCategory("GetCardDetail"), Benchmark(Description = "Kiota GetCardDetail")]
    public Task<Peers.Kiota.Models.CardDetail?> KiotaGetCardDetail() => _kiota.Card[Canned.CardNo].Detail.GetAsync();

    [BenchmarkCategory("GetCardDetail"), Benchmark(Description = "Refit GetCardDetail")]
    public Task<CardDetail> RefitGetCardDetail() => _refit.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [BenchmarkCategory("GetCardDetail"), Benchmark(Description = "HandBuilt GetCardDetail")]
    public Task<CardDetail> HandBuiltGetCardDetail() => _handBuilt.GetCardDetailAsync(Canned.CardNo, CancellationToken.None);

    [BenchmarkCategory("ApplyCard"), Benchmark(Baseline = true, Description = "Floor ApplyCard")]
    public Task<FloorApplyCardResult> FloorApplyCard() => _floor.ApplyCardAsync(_floorApply, CancellationToken.None);

    [BenchmarkCategory("ApplyCard"), Benchmark(Description = "SDK ApplyCard")]
    public Task<ApplyCardResult> SdkApplyCard() => _sdk.ApplyCardAsync(_apply, CancellationToken.None);

    [BenchmarkCategory("ApplyCard"), Benchmark(Description = "RestSharp ApplyCard")]
    public async Task<FloorApplyCardResult> RestSharpApplyCard()
    {
        var request = new RestRequest("card/apply", Method.Post)
            .AddHeader("Accept", "application/json")
            .AddHeader("Api-Key", Canned.ApiKey)
            .AddHeader("Timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .AddHeader("Access-Token", Canned.Token)
            .AddJsonBody(_floorApply);
        var response = await _rest.ExecuteAsync<FloorEnvelope<FloorApplyCardResult>>(request, CancellationToken.None).ConfigureAwait(false);
        return Unwrap(response);
    }

    [BenchmarkCategory("ApplyCard"), Benchmark(Description = "Kiota ApplyCard")]
    public Task<Peers.Kiota.Models.ApplyCardResult?> KiotaApplyCard() => _kiota.Card.Apply.PostAsync(_kiotaApply);

    [BenchmarkCategory("ApplyCard"), Benchmark(Description = "Refit ApplyCard")]
    public Task<ApplyCardResult> RefitApplyCard() => _refit.ApplyCardAsync(_apply, CancellationToken.None);

    [BenchmarkCategory("ApplyCard"), Benchmark(Description = "HandBuilt ApplyCard")]
    public Task<ApplyCardResult> HandBuiltApplyCard() => _handBuilt.ApplyCardAsync(_apply, CancellationToken.None);

    [BenchmarkCategory("WorldFirst"), Benchmark(Baseline = true, Description = "Floor WorldFirst sign + verify")]
    public Task<FloorCardSensitiveInfo> FloorWorldFirst() => _floorWorldFirst.QueryCardSensitiveInfoAsync(_floorQuery, CancellationToken.None);

    [BenchmarkCategory("WorldFirst"), Benchmark(Description = "SDK WorldFirst sign + verify")]
    public Task<CardSensitiveInfo> SdkWorldFirst() => _sdkWorldFirst.QueryCardSensitiveInfoAsync(_query, CancellationToken.None);

    private static T Unwrap<T>(RestResponse<FloorEnvelope<T>> response) where T : class
    {
        if (!response.IsSuccessful || response.Data is not { Code: 0, Data: { } data })
            throw new InvalidOperationException($"RestSharp call failed: {response.StatusCode} {response.ErrorMessage}");
        return data;
    }
}
