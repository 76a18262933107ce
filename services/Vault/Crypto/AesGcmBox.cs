using System.Security.Cryptography;

namespace PasswordSync.Vault.Crypto;

/// <summary>
/// The one AES-256-GCM layout used for everything the vault encrypts: <c>format (1 byte) | nonce (12) | ciphertext |
/// tag (16)</c>. The nonce is fresh from the CSPRNG for every encryption; with random 96-bit nonces a key stays safe
/// for far more encryptions than one data key ever sees (NIST SP 800-38D's 2^32 limit).
/// </summary>
internal static class AesGcmBox
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = 1 + NonceSize + TagSize;

    public static byte[] Seal(byte format, ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        using var aes = new AesGcm(key, TagSize);
        return Seal(format, aes, plaintext, aad);
    }

    /// <summary>As <see cref="Seal(byte, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> with a key already set up (several values under one key).</summary>
    public static byte[] Seal(byte format, AesGcm aes, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        var box = new byte[Overhead + plaintext.Length];
        box[0] = format;
        var nonce = box.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plaintext, box.AsSpan(1 + NonceSize, plaintext.Length), box.AsSpan(box.Length - TagSize), aad);
        return box;
    }

    /// <summary>The format byte, or null when the box is too short to be one.</summary>
    public static byte? FormatOf(ReadOnlySpan<byte> box) => box.Length >= Overhead ? box[0] : null;

    /// <exception cref="AuthenticationTagMismatchException">The box was altered, or key or AAD differ.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> box, ReadOnlySpan<byte> aad)
    {
        using var aes = new AesGcm(key, TagSize);
        return Open(aes, box, aad);
    }

    /// <exception cref="AuthenticationTagMismatchException">The box was altered, or key or AAD differ.</exception>
    public static byte[] Open(AesGcm aes, ReadOnlySpan<byte> box, ReadOnlySpan<byte> aad)
    {
        var plaintext = new byte[box.Length - Overhead];
        aes.Decrypt(box.Slice(1, NonceSize), box.Slice(1 + NonceSize, plaintext.Length), box[^TagSize..], plaintext, aad);
        return plaintext;
    }
}
