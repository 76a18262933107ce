using PasswordSync.Vault.Tests.Integration;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Backup;

/// <summary>A backup restored into a fresh vault that has the same key file serves the same passwords.</summary>
public sealed class RestoreIntoFreshVaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restore_into_a_fresh_vault_with_the_same_key_file_reveals_the_same_passwords()
    {
        var passwords = new Dictionary<string, string>();
        string keyring;
        byte[] backup;
        DatabaseSummary info;
        string listId;
        await using (var original = VaultHost.Start())
        {
            keyring = original.CopyKeyring();
            var list = await original.CreateReadyListAsync(name: "Backup restore list");
            listId = list.Id;
            for (var i = 0; i < 5; i++)
            {
                var password = $"Restore-Me-{i}-{Guid.NewGuid():N}";
                passwords[(await original.CreateRecordAsync(list.Id, $"record-{i}", password)).Id] = password;
            }

            (info, backup, _) = await original.TakeBackupAsync();
        }

        try
        {
            await using var fresh = VaultHost.Start(settings: BackupCalls.WithKeyring(keyring));
            var restored = await fresh.RestoreAsync(backup,
                new RestoreDatabaseOptions { ExpectedSha256 = info.Sha256.ToUpperInvariant() }, chunkBytes: 4096,
                actor: "apikey:restorer");

            Assert.Equal(info.Sha256, restored.Sha256);
            Assert.Equal(backup.Length, restored.SizeBytes);
            Assert.Equal(1, restored.Lists);
            Assert.Equal(5, restored.Records);
            foreach (var (recordId, password) in passwords)
            {
                var revealed = await fresh.Records().RevealPasswordAsync(
                    new RevealPasswordRequest { Id = recordId, Reason = "backup test" }, cancellationToken: Ct);
                Assert.Equal(password, revealed.Password);
            }

            var lists = await fresh.Lists().ListListsAsync(new ListListsRequest(), cancellationToken: Ct);
            Assert.Equal([listId], lists.Lists.Select(l => l.Id));

            // The restore's own event continues the restored chain, which still verifies from its first event.
            var chain = await fresh.Store.Audit.VerifyAsync(Ct);
            Assert.True(chain.Valid, chain.Problem);
            var events = await fresh.Store.Audit.QueryAsync(
                new PasswordSync.Vault.Storage.AuditQuery(Action: Model.AuditAction.VaultRestored), new PasswordSync.Vault.Storage.PageRequest(10, null), Ct);
            var restoredEvent = Assert.Single(events.Items);
            Assert.Equal("apikey:restorer", restoredEvent.Actor);
            Assert.Contains(info.Sha256, restoredEvent.Detail, StringComparison.Ordinal);
            Assert.True(restoredEvent.Sequence < chain.HeadSequence, "The reveals after the restore come after its event.");

            Assert.Empty(fresh.LeftoverFiles());
            var logs = fresh.Logs.AllText();
            Assert.All(passwords.Values, p => Assert.DoesNotContain(p, logs, StringComparison.Ordinal));
            fresh.AssertNoErrorsLogged();
        }
        finally
        {
            File.Delete(keyring);
        }
    }

    [Fact]
    public async Task Replace_existing_replaces_every_list_of_a_vault_that_holds_some()
    {
        await using var vault = VaultHost.Start();
        var kept = await vault.CreateReadyListAsync(name: "In the backup");
        var record = await vault.CreateRecordAsync(kept.Id, "kept", "Kept-Password-1!");
        var (_, backup, _) = await vault.TakeBackupAsync();
        var added = await vault.CreateReadyListAsync(name: "Made after the backup");
        await vault.Records().SetPasswordAsync(new SetPasswordRequest
        {
            Id = record.Id,
            Password = "Changed-After-Backup-2!",
            Version = record.Version,
            Reason = "test",
        }, cancellationToken: Ct);

        await vault.RestoreAsync(backup, new RestoreDatabaseOptions { ReplaceExisting = true });

        // Served at once from the restored data: nothing read before the restore is reused.
        var lists = await vault.Lists().ListListsAsync(new ListListsRequest(), cancellationToken: Ct);
        Assert.Equal([kept.Id], lists.Lists.Select(l => l.Id));
        Assert.DoesNotContain(added.Id, lists.Lists.Select(l => l.Id));
        var revealed = await vault.Records().RevealPasswordAsync(
            new RevealPasswordRequest { Id = record.Id, Reason = "backup test" }, cancellationToken: Ct);
        Assert.Equal("Kept-Password-1!", revealed.Password);
        Assert.True((await vault.Store.Audit.VerifyAsync(Ct)).Valid);
    }
}
