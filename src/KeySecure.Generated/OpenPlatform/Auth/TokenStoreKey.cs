using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace KeySecure.Generated.OpenPlatform.Auth;

/// <summary>
/// Names one merchant's token in a shared store and seals the value kept there. The name holds the provider's host
/// and a hash of the Api-Key, so sandbox and production tokens of one key never meet; the value is AES-GCM encrypted
/// under a key derived from the merchant's ApiSecret.
/// </summary>
/// <remarks>
/// What sealing protects against: a reader of the store (a replica, a backup, a MONITOR session, another tenant of a
/// shared Redis) who lacks the ApiSecret cannot read or use the token; an entry written for another Api-Key, host or
/// secret, or altered in place (including its expiry), fails authentication and is treated as absent. What it does not:
/// anyone holding the ApiSecret (they can fetch a token anyway); a writer to the store deleting entries or putting back
/// an older entry of the same merchant (the SDK then fetches, or gets 1007 and refreshes); denial of service.
/// </remarks>
internal sealed class TokenStoreKey
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Salt = "keysecure-token-store/v1"u8.ToArray();

    private readonly byte[] _sealingKey;
    private readonly byte[] _fingerprintKey;
    private readonly byte[] _associatedData;

    /// <summary>Derives the name and keys for the merchant with <paramref name="apiKey"/> at <paramref name="baseAddress"/>.</summary>
    public TokenStoreKey(Uri baseAddress, string apiKey, string apiSecret)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(apiSecret);
        // The Api-Key is a credential: the name carries a hash of it, not the key itself.
        var keyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)), 0, 16).ToLowerInvariant();
        Name = $"keysecure:access-token:{baseAddress.Authority.ToLowerInvariant()}:{keyHash}";
        _associatedData = Encoding.UTF8.GetBytes(Name);
        var keys = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(apiSecret), 64, Salt, _associatedData);
        _sealingKey = keys[..32];
        _fingerprintKey = keys[32..];
    }

    /// <summary>The store key: host and Api-Key hash; holds no secret.</summary>
    public string Name { get; }

    /// <summary>Encrypts and authenticates the token and its expiry for storage.</summary>
    public byte[] Protect(StoredAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var tokenBytes = Encoding.UTF8.GetBytes(token.Token);
        var plaintext = new byte[sizeof(long) + tokenBytes.Length];
        BinaryPrimitives.WriteInt64BigEndian(plaintext, token.ExpiresAt.ToUnixTimeMilliseconds());
        tokenBytes.CopyTo(plaintext, sizeof(long));

        var sealedValue = new byte[1 + NonceSize + TagSize + plaintext.Length];
        sealedValue[0] = FormatVersion;
        var nonce = sealedValue.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_sealingKey, TagSize);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(1 + NonceSize + TagSize), sealedValue.AsSpan(1 + NonceSize, TagSize), _associatedData);
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedValue;
    }

    /// <summary>The token sealed by <see cref="Protect"/> for this key, or null when the value is not one (foreign, altered, unknown format).</summary>
    public StoredAccessToken? Unprotect(ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length <= 1 + NonceSize + TagSize + sizeof(long) || sealedValue[0] != FormatVersion) return null;
        var plaintext = new byte[sealedValue.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_sealingKey, TagSize);
        try
        {
            aes.Decrypt(sealedValue.Slice(1, NonceSize), sealedValue[(1 + NonceSize + TagSize)..], sealedValue.Slice(1 + NonceSize, TagSize), plaintext, _associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(plaintext));
        return new StoredAccessToken(Encoding.UTF8.GetString(plaintext, sizeof(long), plaintext.Length - sizeof(long)), expiresAt);
    }

    /// <summary>
    /// A keyed hash of <paramref name="token"/> (HMAC-SHA256, 128 bits, hex): lets a store compare tokens, e.g. for
    /// compare-and-delete after a 1007, without being able to read them.
    /// </summary>
    public string Fingerprint(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexString(HMACSHA256.HashData(_fingerprintKey, Encoding.UTF8.GetBytes(token)), 0, 16).ToLowerInvariant();
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
