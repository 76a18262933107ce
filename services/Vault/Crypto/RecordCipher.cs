using System.Security.Cryptography;
using System.Text;
using PasswordSync.Vault.Keyrings;

namespace PasswordSync.Vault.Crypto;

/// <summary>
/// AES-256-GCM envelope encryption over the key ring (see <see cref="IRecordCipher"/>). Unwrapped data keys live only
/// for the duration of one call and are zeroed afterwards: unwrapping is a single AES-GCM operation on 32 bytes, far
/// cheaper than the store round trip around it, so a cache of plaintext keys would add exposure without a measurable
/// gain.
/// </summary>
public sealed class RecordCipher(Keyring keyring) : IRecordCipher
{
    internal const byte DataKeyFormat = 1;
    internal const byte ValueFormat = 1;

    private const string DataKeyField = "data key";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public int ActiveKekVersion => keyring.ActiveVersion;

    public WrappedDataKey NewDataKey(string ownerId)
    {
        var dataKey = RandomNumberGenerator.GetBytes(AesGcmBox.KeySize);
        try
        {
            return Wrap(dataKey, ownerId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public byte[] Seal(WrappedDataKey key, string ownerId, string field, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var valueAad = AssociatedData.ForValue(ValueFormat, ownerId, field);
        var dataKey = Unwrap(key, ownerId, field);
        try
        {
            using var aes = new AesGcm(dataKey, AesGcmBox.TagSize);
            return SealValue(aes, valueAad, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public string Open(WrappedDataKey key, string ownerId, string field, byte[] sealedValue)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        var valueAad = AssociatedData.ForValue(ValueFormat, ownerId, field);
        var dataKey = Unwrap(key, ownerId, field);
        try
        {
            using var aes = new AesGcm(dataKey, AesGcmBox.TagSize);
            return OpenValue(aes, valueAad, sealedValue, ownerId, field, key.KekVersion);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public WrappedDataKey Rewrap(WrappedDataKey key, string ownerId)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KekVersion == keyring.ActiveVersion)
        {
            // Still authenticate it: a rewrap pass must not bless a corrupt or foreign key as "done".
            CryptographicOperations.ZeroMemory(Unwrap(key, ownerId, DataKeyField));
            return key;
        }

        var dataKey = Unwrap(key, ownerId, DataKeyField);
        try
        {
            return Wrap(dataKey, ownerId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public byte[] SealStandalone(string ownerId, string field, string plaintext)
    {
        var key = NewDataKey(ownerId);
        return StandaloneSecret.Compose(key, Seal(key, ownerId, field, plaintext));
    }

    public string OpenStandalone(string ownerId, string field, byte[] sealedValue)
    {
        var (key, value) = StandaloneSecret.Split(sealedValue, ownerId, field);
        return Open(key, ownerId, field, value);
    }

    public int StandaloneKekVersion(byte[] sealedValue) =>
        StandaloneSecret.Split(sealedValue, "(unknown)", "(unknown)").Key.KekVersion;

    public byte[] RewrapStandalone(string ownerId, byte[] sealedValue)
    {
        var (key, value) = StandaloneSecret.Split(sealedValue, ownerId, DataKeyField);
        var rewrapped = Rewrap(key, ownerId);
        return ReferenceEquals(rewrapped, key) ? sealedValue : StandaloneSecret.Compose(rewrapped, value);
    }

    private WrappedDataKey Wrap(byte[] dataKey, string ownerId)
    {
        var kek = keyring.Active;
        var aad = AssociatedData.ForDataKey(DataKeyFormat, ownerId, kek.Version);
        return new WrappedDataKey(kek.Version, AesGcmBox.Seal(DataKeyFormat, kek.Material, dataKey, aad));
    }

    public IOwnerCipher ForOwner(WrappedDataKey key, string ownerId) => new OwnerCipher(this, key, ownerId);

    internal byte[] Unwrap(WrappedDataKey key, string ownerId, string field)
    {
        ArgumentNullException.ThrowIfNull(key);
        var aad = AssociatedData.ForDataKey(DataKeyFormat, ownerId, key.KekVersion);
        if (!keyring.TryGet(key.KekVersion, out var kek))
        {
            throw new SecretDecryptionException(ownerId, field, key.KekVersion, DecryptionFailure.UnknownKekVersion,
                $"its data key is wrapped by KEK version {key.KekVersion}, which is not in the key ring (versions "
                + $"present: {string.Join(", ", keyring.Versions)}). Restore a key ring that holds KEK version "
                + $"{key.KekVersion}.");
        }

        if (key.Wrapped is null || key.Wrapped.Length != AesGcmBox.Overhead + AesGcmBox.KeySize
            || AesGcmBox.FormatOf(key.Wrapped) != DataKeyFormat)
        {
            throw new SecretDecryptionException(ownerId, field, key.KekVersion, DecryptionFailure.Malformed,
                $"its wrapped data key is not a format-{DataKeyFormat} wrapped key ({key.Wrapped?.Length ?? 0} bytes).");
        }

        try
        {
            return AesGcmBox.Open(kek.Material, key.Wrapped, aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecretDecryptionException(ownerId, field, key.KekVersion, DecryptionFailure.AuthenticationFailed,
                "its data key failed authentication: the wrapped key was altered, belongs to another owner, or the key "
                + $"ring holds a different key under version {key.KekVersion}.", e);
        }
    }

    internal static byte[] SealValue(AesGcm aes, byte[] aad, string plaintext)
    {
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(plaintext);
        }
        catch (EncoderFallbackException e)
        {
            // A lenient encoder would silently replace the bad character and so store a different password.
            throw new ArgumentException("The secret is not valid Unicode text (it has an unpaired surrogate).",
                nameof(plaintext), e);
        }

        try
        {
            return AesGcmBox.Seal(ValueFormat, aes, bytes, aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    internal static string OpenValue(AesGcm aes, byte[] aad, byte[] sealedValue, string ownerId, string field,
        int kekVersion)
    {
        var format = AesGcmBox.FormatOf(sealedValue);
        if (format != ValueFormat)
        {
            throw new SecretDecryptionException(ownerId, field, kekVersion, DecryptionFailure.Malformed,
                format is null
                    ? $"the sealed value is {sealedValue.Length} bytes, too short to be one."
                    : $"the sealed value has format {format}; this vault reads format {ValueFormat}.");
        }

        byte[] bytes;
        try
        {
            bytes = AesGcmBox.Open(aes, sealedValue, aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecretDecryptionException(ownerId, field, kekVersion, DecryptionFailure.AuthenticationFailed,
                "the sealed value failed authentication: it was altered, or it belongs to another record or field.", e);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
