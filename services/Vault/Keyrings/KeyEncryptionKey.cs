namespace PasswordSync.Vault.Keyrings;

/// <summary>
/// One version of the key-encryption key (KEK): 256 random bits that wrap data keys. A class rather than a record so
/// that no generated ToString or equality ever touches the key material.
/// </summary>
public sealed class KeyEncryptionKey
{
    public const int SizeInBytes = 32;

    public KeyEncryptionKey(int version, byte[] material, DateTimeOffset createdAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentNullException.ThrowIfNull(material);
        if (material.Length != SizeInBytes)
        {
            throw new ArgumentException($"A KEK must be {SizeInBytes} bytes, not {material.Length}.", nameof(material));
        }

        Version = version;
        Material = material;
        CreatedAt = createdAt;
    }

    public int Version { get; }

    /// <summary>The raw key. Never log or serialise it except into the key ring itself.</summary>
    internal byte[] Material { get; }

    public DateTimeOffset CreatedAt { get; }

    public override string ToString() => $"KEK version {Version}";
}
