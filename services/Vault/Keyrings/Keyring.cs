using System.Security.Cryptography;

namespace PasswordSync.Vault.Keyrings;

/// <summary>
/// The versioned key-encryption keys of the vault, exactly one of them active. New data keys are wrapped by the active
/// version; older versions stay only to unwrap data keys that have not been re-wrapped yet. Immutable: the commands that
/// change a key ring return a new one.
/// </summary>
public sealed class Keyring
{
    private readonly SortedDictionary<int, KeyEncryptionKey> _keys;

    public Keyring(IEnumerable<KeyEncryptionKey> keys, int activeVersion)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [];
        foreach (var key in keys)
        {
            if (!_keys.TryAdd(key.Version, key))
            {
                throw new InvalidKeyringException($"KEK version {key.Version} appears more than once.");
            }
        }

        if (_keys.Count == 0)
        {
            throw new InvalidKeyringException("no KEK in \"keys\".");
        }

        if (!_keys.ContainsKey(activeVersion))
        {
            throw new InvalidKeyringException(
                $"the active version is {activeVersion} but the key ring holds only versions {string.Join(", ", _keys.Keys)}.");
        }

        ActiveVersion = activeVersion;
    }

    public int ActiveVersion { get; }

    /// <summary>Versions present, ascending.</summary>
    public IReadOnlyCollection<int> Versions => _keys.Keys;

    /// <summary>The KEKs, ascending by version.</summary>
    public IEnumerable<KeyEncryptionKey> Keys => _keys.Values;

    internal KeyEncryptionKey Active => _keys[ActiveVersion];

    internal bool TryGet(int version, out KeyEncryptionKey key) => _keys.TryGetValue(version, out key!);

    /// <summary>A key ring with a single fresh KEK, version 1.</summary>
    public static Keyring CreateNew(TimeProvider timeProvider) =>
        new([NewKey(1, timeProvider)], activeVersion: 1);

    /// <summary>
    /// This key ring plus a fresh KEK (the next version number), made active. Versions are never reused, even after a
    /// removal, so a data key can never be unwrapped by a different key that took its version number.
    /// </summary>
    public Keyring WithNewActiveKek(TimeProvider timeProvider) => WithNewKek(timeProvider, makeActive: true);

    /// <summary>
    /// This key ring plus a fresh KEK under the next version number, active or only staged. Staging lets several vault
    /// instances all learn the new KEK before any of them wraps with it (see <see cref="WithActiveVersion"/>).
    /// </summary>
    public Keyring WithNewKek(TimeProvider timeProvider, bool makeActive)
    {
        var version = checked(_keys.Keys.Max() + 1);
        return new Keyring([.. _keys.Values, NewKey(version, timeProvider)], makeActive ? version : ActiveVersion);
    }

    /// <summary>This key ring with <paramref name="version"/> (already present) as the active KEK.</summary>
    public Keyring WithActiveVersion(int version) =>
        _keys.ContainsKey(version)
            ? new Keyring(_keys.Values, version)
            : throw new InvalidKeyringException(
                $"there is no KEK version {version} (versions present: {string.Join(", ", _keys.Keys)}).");

    /// <summary>This key ring without <paramref name="version"/>; the active KEK cannot be removed.</summary>
    public Keyring WithoutKek(int version)
    {
        if (version == ActiveVersion)
        {
            throw new InvalidKeyringException(
                $"KEK version {version} is the active one: add a new KEK (add-kek) and re-wrap every data key before removing it.");
        }

        if (!_keys.ContainsKey(version))
        {
            throw new InvalidKeyringException(
                $"there is no KEK version {version} (versions present: {string.Join(", ", _keys.Keys)}).");
        }

        return new Keyring(_keys.Values.Where(k => k.Version != version), ActiveVersion);
    }

    private static KeyEncryptionKey NewKey(int version, TimeProvider timeProvider) =>
        new(version, RandomNumberGenerator.GetBytes(KeyEncryptionKey.SizeInBytes), timeProvider.GetUtcNow());
}
