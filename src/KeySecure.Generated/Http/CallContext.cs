using System.Diagnostics;

namespace KeySecure.Generated.Http;

/// <summary>
/// What the handlers of one call share: the operation, the attempt count, whether an attempt may have reached the
/// provider, the call's activity, and provider-specific facts (the WorldFirst signature check). One object in the
/// request's options instead of a key per value.
/// </summary>
internal sealed class CallContext
{
    private static readonly HttpRequestOptionsKey<CallContext> Key = new("KeySecure.Call");
    private int _attempts;

    private CallContext(OperationMetadata? operation) => Operation = operation;

    /// <summary>The operation the generated client attached (null for a request built by hand).</summary>
    public OperationMetadata? Operation { get; }

    /// <summary>The provider's name in telemetry (<c>keysecure</c>, <c>worldfirst</c>).</summary>
    public string Provider { get; private set; } = string.Empty;

    /// <summary>Attempts started so far: retries and the 1005/1007 replay each count.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>
    /// True once an attempt failed after a byte of it could have reached the provider. A timeout that fires while
    /// waiting between attempts, after failures that never reached it, leaves this false.
    /// </summary>
    public bool MayHaveReachedServer { get; set; }

    /// <summary>WorldFirst: whether the last response's signature was checked and valid.</summary>
    public bool SignatureVerified { get; set; }

    /// <summary>The call's activity, when someone listens.</summary>
    public Activity? Activity { get; set; }

    /// <summary>Starts the next attempt and returns its 1-based number.</summary>
    public int NextAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>The context of <paramref name="request"/>, created on first use.</summary>
    public static CallContext Of(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(Key, out var context)) return context;
        context = new CallContext(OperationMetadata.Of(request));
        request.Options.Set(Key, context);
        return context;
    }

    /// <summary>Opens the context of a call for <paramref name="provider"/>.</summary>
    public static CallContext Open(HttpRequestMessage request, string provider)
    {
        var context = Of(request);
        context.Provider = provider;
        return context;
    }
}
