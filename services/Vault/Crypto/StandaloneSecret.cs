using System.Buffers.Binary;

namespace PasswordSync.Vault.Crypto;

/// <summary>
/// Layout of a standalone secret, which carries its own wrapped data key:
/// <c>format (1) | KEK version (4, big-endian) | wrapped key length (2, big-endian) | wrapped key | sealed value</c>.
/// The KEK version and the owner are authenticated by the wrapped key's AAD, the field by the sealed value's.
/// </summary>
internal static class StandaloneSecret
{
    public const byte Format = 0x51;
    private const int HeaderSize = 1 + 4 + 2;

    public static byte[] Compose(WrappedDataKey key, byte[] sealedValue)
    {
        var result = new byte[HeaderSize + key.Wrapped.Length + sealedValue.Length];
        result[0] = Format;
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(1, 4), key.KekVersion);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(5, 2), checked((ushort)key.Wrapped.Length));
        key.Wrapped.CopyTo(result, HeaderSize);
        sealedValue.CopyTo(result, HeaderSize + key.Wrapped.Length);
        return result;
    }

    /// <exception cref="SecretDecryptionException">Not a standalone secret of a known format.</exception>
    public static (WrappedDataKey Key, byte[] Value) Split(byte[] standalone, string ownerId, string field)
    {
        ArgumentNullException.ThrowIfNull(standalone);
        if (standalone.Length < HeaderSize || standalone[0] != Format)
        {
            throw new SecretDecryptionException(ownerId, field, null, DecryptionFailure.Malformed,
                $"the value ({standalone.Length} bytes) is not a standalone secret of format 0x{Format:x2}.");
        }

        var kekVersion = BinaryPrimitives.ReadInt32BigEndian(standalone.AsSpan(1, 4));
        var wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(standalone.AsSpan(5, 2));
        if (standalone.Length < HeaderSize + wrappedLength)
        {
            throw new SecretDecryptionException(ownerId, field, kekVersion, DecryptionFailure.Malformed,
                $"the standalone secret is truncated ({standalone.Length} bytes).");
        }

        var wrapped = standalone.AsSpan(HeaderSize, wrappedLength).ToArray();
        var value = standalone.AsSpan(HeaderSize + wrappedLength).ToArray();
        return (new WrappedDataKey(kekVersion, wrapped), value);
    }
}
