namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Fingerprints of the last few tokens the provider answered 1007 to, so a refresh never adopts one of them again
/// from a store that still holds it (another instance may not have seen the 1007 yet).
/// </summary>
internal sealed class RejectedTokens
{
    // Tokens are replaced rarely; a handful covers every token a store could still hand back.
    private const int Capacity = 8;

    private readonly Queue<string> _fingerprints = new(Capacity);
    private readonly object _gate = new();

    public void Add(string fingerprint)
    {
        lock (_gate)
        {
            if (_fingerprints.Contains(fingerprint)) return;
            if (_fingerprints.Count == Capacity) _fingerprints.Dequeue();
            _fingerprints.Enqueue(fingerprint);
        }
    }

    public bool Contains(string fingerprint)
    {
        lock (_gate)
        {
            return _fingerprints.Contains(fingerprint);
        }
    }
}
