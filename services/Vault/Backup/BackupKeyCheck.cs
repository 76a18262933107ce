using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Keyrings;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Backup;

/// <summary>
/// Before a restore: every data key in the backup must unwrap with this vault's key ring. The key file is not in the
/// backup; restoring a database whose keys this vault cannot unwrap would replace readable passwords with unreadable
/// ones. Unwrapping authenticates each key (AES-GCM), so a key ring holding a different key under the same version
/// number is caught too. Only key-encryption work: no value is decrypted, and the unwrapped keys are zeroed at once.
/// </summary>
internal static class BackupKeyCheck
{
    public static async Task RequireUnwrappableAsync(IAsyncEnumerable<StoredDataKey> keys, IRecordCipher cipher,
        Keyring keyring, CancellationToken cancellationToken)
    {
        var missing = new SortedDictionary<int, int>();
        var different = new SortedDictionary<int, int>();
        var malformed = 0;
        await foreach (var key in keys.WithCancellation(cancellationToken))
        {
            try
            {
                _ = key.DataKey is { } dataKey
                    ? cipher.Rewrap(dataKey, key.OwnerId).KekVersion
                    : cipher.RewrapStandalone(key.OwnerId, key.StandaloneSecret ?? []).Length;
            }
            catch (SecretDecryptionException e) when (e.Failure == DecryptionFailure.UnknownKekVersion && e.KekVersion is { } version)
            {
                missing[version] = missing.GetValueOrDefault(version) + 1;
            }
            catch (SecretDecryptionException e) when (e.Failure == DecryptionFailure.AuthenticationFailed && e.KekVersion is { } version)
            {
                different[version] = different.GetValueOrDefault(version) + 1;
            }
            catch (SecretDecryptionException)
            {
                malformed++;
            }
        }

        if (missing.Count + different.Count + malformed == 0)
        {
            return;
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"KEK version(s) {string.Join(", ", missing.Keys)} wrap the data keys of {missing.Values.Sum()} "
                + $"record(s)/target(s) in the backup but are not in this vault's key ring (it holds version(s) "
                + $"{string.Join(", ", keyring.Versions)})");
        }

        if (different.Count > 0)
        {
            problems.Add($"KEK version(s) {string.Join(", ", different.Keys)} of this vault's key ring are not the keys "
                + $"that wrapped the data keys of {different.Values.Sum()} record(s)/target(s) in the backup (this vault "
                + "has another key file, e.g. one made by create-keyring for a fresh install)");
        }

        if (malformed > 0)
        {
            problems.Add($"{malformed} wrapped key(s) in the backup are malformed");
        }

        throw BackupErrors.KeysNotUnwrappable(
            "This vault's key ring cannot unwrap the backup's data keys, so its passwords would be unreadable after a "
            + $"restore: {string.Join("; ", problems)}. The key file is not part of a backup: put the key file that was "
            + "in use when the backup was taken (or a later one that still holds its KEK versions) at this vault's "
            + "Vault:KeyringFile, restart the vault, and restore again.",
            new Dictionary<string, string>
            {
                ["missing_kek_versions"] = string.Join(",", missing.Keys),
                ["mismatched_kek_versions"] = string.Join(",", different.Keys),
            });
    }
}
