using System.Buffers.Binary;
using System.Text;

namespace PasswordSync.Vault.Crypto;

/// <summary>
/// Builds the additional authenticated data (AAD) that binds ciphertexts to where they belong. Every part is
/// length-prefixed, so ("ab", "c") and ("a", "bc") can never produce the same AAD, and each purpose has its own label,
/// so a wrapped data key can never be accepted as a sealed value or the reverse.
/// </summary>
internal static class AssociatedData
{
    public const int MaxOwnerIdBytes = 1024;
    public const int MaxFieldBytes = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>AAD of a wrapped data key: its owner and the KEK version that wraps it.</summary>
    public static byte[] ForDataKey(byte format, string ownerId, int kekVersion)
    {
        var owner = Encode(ownerId, MaxOwnerIdBytes, nameof(ownerId));
        var aad = new List<byte>(64 + owner.Length);
        AddLabel(aad, "passwordsync/data-key", format);
        AddPart(aad, owner);
        Span<byte> version = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(version, kekVersion);
        aad.AddRange(version);
        return [.. aad];
    }

    /// <summary>AAD of a sealed value: its owner and field.</summary>
    public static byte[] ForValue(byte format, string ownerId, string field)
    {
        var owner = Encode(ownerId, MaxOwnerIdBytes, nameof(ownerId));
        var fieldBytes = Encode(field, MaxFieldBytes, nameof(field));
        var aad = new List<byte>(64 + owner.Length + fieldBytes.Length);
        AddLabel(aad, "passwordsync/value", format);
        AddPart(aad, owner);
        AddPart(aad, fieldBytes);
        return [.. aad];
    }

    private static void AddLabel(List<byte> aad, string label, byte format)
    {
        aad.AddRange(Encoding.ASCII.GetBytes(label));
        aad.Add(0);
        aad.Add(format);
    }

    private static void AddPart(List<byte> aad, byte[] part)
    {
        aad.Add((byte)(part.Length >> 8));
        aad.Add((byte)part.Length);
        aad.AddRange(part);
    }

    private static byte[] Encode(string value, int maxBytes, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("must be valid Unicode text (it has an unpaired surrogate).", parameterName, e);
        }

        return bytes.Length <= maxBytes
            ? bytes
            : throw new ArgumentException($"must be at most {maxBytes} bytes of UTF-8, not {bytes.Length}.", parameterName);
    }
}
