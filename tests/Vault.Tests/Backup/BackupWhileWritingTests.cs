using PasswordSync.Vault.Tests.Integration;

namespace PasswordSync.Vault.Tests.Backup;

/// <summary>A backup taken while records are being written holds every record committed before it began.</summary>
public sealed class BackupWhileWritingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backup_during_writes_holds_every_record_committed_before_it_and_is_one_standalone_file()
    {
        await using var host = VaultHost.Start();
        var list = await host.CreateReadyListAsync();
        var committed = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            committed.Add((await host.CreateRecordAsync(list.Id, $"before-{i}", password: $"Before-{i}-Pw!")).Id);
        }

        // A writer keeps committing while the backup runs, so the backup reads a database that is changing under it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var written = 0;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 500 && !stop.IsCancellationRequested; i++)
            {
                await host.CreateRecordAsync(list.Id, $"during-{i}", password: $"During-{i}-Pw!");
                Interlocked.Increment(ref written);
            }
        }, Ct);
        await WaitUntilAsync(() => Volatile.Read(ref written) >= 5);
        var committedBeforeBackup = Volatile.Read(ref written);

        var (info, data, chunks) = await host.TakeBackupAsync();
        await stop.CancelAsync();
        await writer.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var inBackup = BackupCalls.RecordIdsIn(data);
        Assert.Superset(committed.ToHashSet(), inBackup);
        // Every "during" record whose create returned before the backup started is in it, perhaps more.
        Assert.True(inBackup.Count >= committed.Count + committedBeforeBackup,
            $"The backup holds {inBackup.Count} records; {committed.Count + committedBeforeBackup} were committed before it began.");
        Assert.Equal(inBackup.Count, info.Records);
        Assert.Equal(1, info.Lists);
        Assert.Equal(data.Length, info.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)), info.Sha256);
        Assert.True(info.SchemaVersion >= 1);
        Assert.True(chunks >= 1 && chunks == (data.Length + 65535) / 65536, $"{data.Length} bytes came in {chunks} chunks.");
        // File format bytes 18-19 = 1: rollback journal, so the file is complete without a -wal file beside it.
        Assert.Equal([1, 1], data[18..20]);
        Assert.Empty(host.LeftoverFiles());
        host.AssertNoErrorsLogged();
    }

    [Fact]
    public async Task A_backup_is_audited_with_actor_size_and_checksum()
    {
        await using var host = VaultHost.Start();
        await host.CreateReadyListAsync();

        var (info, _, _) = await host.TakeBackupAsync(actor: "apikey:backup-operator");

        var audit = await host.Store.Audit.QueryAsync(new PasswordSync.Vault.Storage.AuditQuery(Action: Model.AuditAction.VaultBackedUp),
            new PasswordSync.Vault.Storage.PageRequest(10, null), Ct);
        var backedUp = Assert.Single(audit.Items);
        Assert.Equal("apikey:backup-operator", backedUp.Actor);
        Assert.Contains(info.Sha256, backedUp.Detail, StringComparison.Ordinal);
        Assert.Contains($"{info.SizeBytes} bytes", backedUp.Detail, StringComparison.Ordinal);
        Assert.True((await host.Store.Audit.VerifyAsync(Ct)).Valid);
        // Appended after every older action, so the numbers already stored for those actions keep their meaning.
        Assert.Equal(33, (int)Model.AuditAction.VaultBackedUp);
        Assert.Equal(34, (int)Model.AuditAction.VaultRestored);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(condition(), "The writer did not start within 30 s.");
    }
}
