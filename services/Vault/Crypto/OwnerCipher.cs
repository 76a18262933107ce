using System.Security.Cryptography;

namespace PasswordSync.Vault.Crypto;

/// <summary>
/// One owner's data key, unwrapped once (at the first use, so an unwrap failure names that use's field exactly as
/// <see cref="RecordCipher.Seal"/> or <see cref="RecordCipher.Open"/> would) and kept in one AES-GCM context until
/// disposed, when the key is zeroed. Each value still gets its own random nonce and its owner-and-field binding.
/// </summary>
internal sealed class OwnerCipher(RecordCipher cipher, WrappedDataKey key, string ownerId) : IOwnerCipher
{
    private byte[]? dataKey;
    private AesGcm? aes;

    public byte[] Seal(string field, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return RecordCipher.SealValue(Key(field), AssociatedData.ForValue(RecordCipher.ValueFormat, ownerId, field),
            plaintext);
    }

    public string Open(string field, byte[] sealedValue)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        return RecordCipher.OpenValue(Key(field), AssociatedData.ForValue(RecordCipher.ValueFormat, ownerId, field),
            sealedValue, ownerId, field, key.KekVersion);
    }

    public void Dispose()
    {
        aes?.Dispose();
        aes = null;
        if (dataKey is not null)
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private AesGcm Key(string field)
    {
        ObjectDisposedException.ThrowIf(dataKey is not null && aes is null, this);
        if (aes is null)
        {
            dataKey = cipher.Unwrap(key, ownerId, field);
            aes = new AesGcm(dataKey, AesGcmBox.TagSize);
        }

        return aes;
    }
}
