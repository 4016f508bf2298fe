using System.Security.Cryptography;
using System.Text;

using OmniRetail.BuildingBlocks.Messaging;

namespace OmniRetail.BuildingBlocks.PersonalData;

/// <summary>
/// Encrypts personal data and secrets before they reach the database (AES-256-GCM: a stolen disk or
/// backup reads as noise, and a tampered value fails to decrypt instead of being trusted). Where a
/// service must find rows by a personal value (orders by customer e-mail), it stores a keyed hash
/// (<see cref="LookupKey"/>) next to the ciphertext, never the value itself.
/// </summary>
public sealed class PersonalDataProtector : IMessageBodyProtector
{
    public const string ConfigurationKey = "PersonalData:Key";

    // The version prefix lets a later key or algorithm coexist with values written under this one.
    private const string Version = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _encryptionKey;
    private readonly byte[] _lookupKey;
    private readonly byte[] _trackingKey;

    public PersonalDataProtector(string masterKey)
    {
        if (masterKey is not { Length: >= 32 })
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} is missing or shorter than 32 characters. Start the stack through ./run.sh, or set PersonalData__Key in the environment.");
        }

        var master = Encoding.UTF8.GetBytes(masterKey);
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "omniretail personal data encryption"u8.ToArray());
        _lookupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "omniretail personal data lookup"u8.ToArray());
        _trackingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "omniretail shopper tracking token"u8.ToArray());
    }

    public string Protect(string plaintext) => Seal(_encryptionKey, plaintext);

    /// <exception cref="CryptographicException">The value was not written by this key, or was altered.</exception>
    public string Unprotect(string protectedText) => Open(_encryptionKey, protectedText);

    /// <summary>Encrypts with a key of the caller's own (a customer's data key, <see cref="NewDataKey"/>) rather than the service key.</summary>
    public static string Seal(ReadOnlySpan<byte> key, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return Version + Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="CryptographicException">The value was not written by this key, or was altered.</exception>
    public static string Open(ReadOnlySpan<byte> key, string protectedText)
    {
        if (!protectedText.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("The value is not protected personal data (no version prefix).");
        }

        var sealedBytes = Convert.FromBase64String(protectedText[Version.Length..]);
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The protected value is truncated.");
        }

        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A fresh data key for envelope encryption: kept only wrapped (<see cref="WrapDataKey"/>), so destroying the wrapped copy destroys the data.</summary>
    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>A data key encrypted with the service key, as it is stored.</summary>
    public string WrapDataKey(byte[] dataKey) => Protect(Convert.ToBase64String(dataKey));

    /// <exception cref="CryptographicException">The wrapped key was not written by this service key, or was altered.</exception>
    public byte[] UnwrapDataKey(string wrappedKey) => Convert.FromBase64String(Unprotect(wrappedKey));

    /// <summary>
    /// The shopper's tracking token of an order: 22 URL-safe characters (128 bits of a keyed hash of the order id), the
    /// same every time for the same order and unguessable without the key. Whoever stores it keeps only its hash
    /// (<see cref="TrackingLookup"/>).
    /// </summary>
    public string TrackingToken(Guid orderId) => System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(_trackingKey, orderId.ToByteArray()).AsSpan(0, 16));

    /// <summary>What a tracking token is found by: its SHA-256, so the stored value cannot be used as a token.</summary>
    public static string TrackingLookup(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A stable, keyed hash of a value (trimmed, case-insensitive) for equality lookups; without the key it reveals nothing.</summary>
    public string LookupKey(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(value.Trim().ToLowerInvariant())));
}
