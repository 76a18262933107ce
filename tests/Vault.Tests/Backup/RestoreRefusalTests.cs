using Grpc.Core;
using Microsoft.Data.Sqlite;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Keyrings;
using PasswordSync.Vault.Tests.Integration;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Backup;

/// <summary>
/// Every refused restore says why and leaves the live vault exactly as it was: same lists and records, same audit
/// head, no file left beside the database.
/// </summary>
public sealed class RestoreRefusalTests
{
    [Fact]
    public async Task A_vault_whose_key_file_lacks_the_backups_KEK_version_refuses_naming_the_missing_version()
    {
        var folder = Directory.CreateTempSubdirectory("pwsync-backup-keys-").FullName;
        try
        {
            // Both key files share KEK version 1; only the original's has version 2, which wraps its records' keys.
            var originalKeys = Path.Combine(folder, "original.json");
            var olderKeys = Path.Combine(folder, "older.json");
            Keyring("create-keyring", originalKeys);
            File.Copy(originalKeys, olderKeys);
            Keyring("add-kek", originalKeys);
            byte[] backup;
            await using (var original = VaultHost.Start(settings: BackupCalls.WithKeyring(originalKeys)))
            {
                var list = await original.CreateReadyListAsync();
                await original.CreateRecordAsync(list.Id, "wrapped by v2", "Wrapped-By-V2!");
                (_, backup, _) = await original.TakeBackupAsync();
            }

            await using var restoring = VaultHost.Start(settings: BackupCalls.WithKeyring(olderKeys));
            var error = await RefusedAsync(restoring, StatusCode.FailedPrecondition, backup);

            Assert.Contains("KEK version(s) 2", error.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("it holds version(s) 1", error.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("Vault:KeyringFile", error.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("CONFIGURATION", error.GetReason());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_vault_with_another_key_file_refuses_a_backup_it_cannot_unwrap()
    {
        byte[] backup;
        await using (var original = VaultHost.Start())
        {
            var list = await original.CreateReadyListAsync();
            await original.CreateRecordAsync(list.Id, "someone else's key", "Other-Key-Pw-1!");
            (_, backup, _) = await original.TakeBackupAsync();
        }

        // A fresh install: its own, new key file, also version 1.
        await using var fresh = VaultHost.Start();
        var error = await RefusedAsync(fresh, StatusCode.FailedPrecondition, backup);

        Assert.Contains("KEK version(s) 1 of this vault's key ring are not the keys", error.Status.Detail,
            StringComparison.Ordinal);
        Assert.Contains("key file", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_is_refused_as_not_a_backup()
    {
        await using var vault = await VaultWithAListAsync();
        var garbage = new byte[20_000];
        new Random(5).NextBytes(garbage);

        var error = await RefusedAsync(vault, StatusCode.FailedPrecondition, garbage, replace: true);

        Assert.StartsWith("The data is not a PasswordSync vault backup: it is not a readable SQLite database",
            error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_backup_is_refused()
    {
        await using var vault = await VaultWithAListAsync();
        var (_, backup, _) = await vault.TakeBackupAsync();
        Assert.True(backup.Length >= 8192, $"The backup is only {backup.Length} bytes.");

        var error = await RefusedAsync(vault, StatusCode.FailedPrecondition, backup[..(backup.Length / 2)],
            replace: true);

        Assert.StartsWith("The data is not a PasswordSync vault backup", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_whose_checksum_differs_from_the_expected_one_is_refused()
    {
        await using var vault = await VaultWithAListAsync();
        var (info, backup, _) = await vault.TakeBackupAsync();
        var wrong = new string('0', 64);

        var error = await RefusedAsync(vault, StatusCode.FailedPrecondition, backup, replace: true, expectedSha256: wrong);

        Assert.Contains($"has SHA-256 {info.Sha256}, not the expected {wrong}", error.Status.Detail,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_expected_checksum_is_an_invalid_argument()
    {
        await using var vault = await VaultWithAListAsync();
        var (_, backup, _) = await vault.TakeBackupAsync();

        var error = await RefusedAsync(vault, StatusCode.InvalidArgument, backup, replace: true, expectedSha256: "abc");

        Assert.Contains("options.expected_sha256", error.GetViolatedFields());
    }

    [Fact]
    public async Task A_SQLite_database_that_is_not_a_vault_is_refused()
    {
        await using var vault = await VaultWithAListAsync();
        var path = Path.Combine(Path.GetTempPath(), "pwsync-not-a-vault-" + Guid.NewGuid().ToString("N") + ".db");
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'x');";
            command.ExecuteNonQuery();
        }

        var data = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        File.Delete(path);
        var error = await RefusedAsync(vault, StatusCode.FailedPrecondition, data, replace: true);

        Assert.Contains("not a PasswordSync vault database (no table schema_version, lists, records", error.Status.Detail,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vault_that_holds_lists_refuses_a_restore_without_replace_existing()
    {
        await using var vault = await VaultWithAListAsync();
        var (_, backup, _) = await vault.TakeBackupAsync();

        var error = await RefusedAsync(vault, StatusCode.FailedPrecondition, backup);

        Assert.Contains("already holds 1 password list(s)", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("replace_existing", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("ALREADY_EXISTS", error.GetReason());
    }

    [Fact]
    public async Task A_backup_over_the_size_limit_is_refused_before_it_is_all_received()
    {
        await using var vault = await VaultWithAListAsync(new Dictionary<string, string?>
        {
            ["Vault:Backup:MaxRestoreBytes"] = "8192",
        });
        var (_, backup, _) = await vault.TakeBackupAsync();
        Assert.True(backup.Length > 8192, $"The backup is only {backup.Length} bytes.");

        var error = await RefusedAsync(vault, StatusCode.ResourceExhausted, backup, replace: true);

        Assert.Contains("Vault:Backup:MaxRestoreBytes", error.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<VaultHost> VaultWithAListAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var vault = VaultHost.Start(settings: settings);
        var list = await vault.CreateReadyListAsync();
        await vault.CreateRecordAsync(list.Id, "live record", "Live-Record-Pw-1!");
        return vault;
    }

    /// <summary>Restores, expects <paramref name="code"/>, and checks the vault was left exactly as it was.</summary>
    private static async Task<RpcException> RefusedAsync(VaultHost vault, StatusCode code, byte[] data,
        bool replace = false, string expectedSha256 = "")
    {
        var before = await vault.StateAsync();
        var error = await VaultHostScenarios.FailsWith(code, () => vault.RestoreAsync(data,
            new RestoreDatabaseOptions { ReplaceExisting = replace, ExpectedSha256 = expectedSha256 }));
        Assert.Equal(before, await vault.StateAsync());
        Assert.EndsWith("Nothing was changed.", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(vault.LeftoverFiles());
        return error;
    }

    private static void Keyring(string command, string path) =>
        Assert.Equal(KeyringCommands.Success,
            KeyringCommands.TryRun([command, path], TextWriter.Null, Console.Error, TimeProvider.System));
}
