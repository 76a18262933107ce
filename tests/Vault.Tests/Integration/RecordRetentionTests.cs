using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Records;
using PasswordSync.Vault.Storage.Sqlite;
using PasswordSync.Vault.V1;
using static PasswordSync.Vault.Tests.Integration.VaultHostScenarios;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Vault.Tests.Integration;

/// <summary>Soft-deleted records: restorable for the retention period, then refused and purged. Each test owns its clock.</summary>
public sealed class RecordRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Default_retention_is_30_days()
    {
        await using var host = VaultHost.Start(new FakeTimeProvider(DateTimeOffset.UtcNow));

        Assert.Equal(TimeSpan.FromDays(30),
            host.Services.GetRequiredService<IOptions<RecordRetentionOptions>>().Value.DeletedRetention);
    }

    [Fact]
    public async Task Restore_within_the_retention_period_succeeds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = VaultHost.Start(time, Settings(retention: "1.00:00:00"));
        var deleted = await CreateAndDeleteAsync(host);

        time.Advance(TimeSpan.FromHours(23));
        var restored = await host.Records().RestoreRecordAsync(
            new RestoreRecordRequest { Id = deleted.Id, Version = deleted.Version }, cancellationToken: Ct);

        Assert.Null(restored.DeleteTime);
    }

    [Fact]
    public async Task Restore_after_the_retention_period_is_a_failed_precondition_and_changes_nothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Purge interval longer than the time advanced, so the purger does not remove the record first.
        await using var host = VaultHost.Start(time, Settings(retention: "00:10:00"));
        var deleted = await CreateAndDeleteAsync(host);

        time.Advance(TimeSpan.FromMinutes(11));
        var error = await FailsWith(StatusCode.FailedPrecondition, async () => await host.Records().RestoreRecordAsync(
            new RestoreRecordRequest { Id = deleted.Id, Version = deleted.Version }, cancellationToken: Ct));

        Assert.Contains("retention", error.Status.Detail, StringComparison.Ordinal);
        var stored = await host.Store.Records.GetAsync(deleted.Id, Ct);
        Assert.NotNull(stored!.DeletedAt);
        Assert.Equal(deleted.Version, stored.Version);
    }

    [Fact]
    public async Task Purger_removes_records_deleted_longer_ago_than_the_retention_only()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = VaultHost.Start(time, Settings(retention: "2.00:00:00"));
        var old = await CreateAndDeleteAsync(host);
        time.Advance(TimeSpan.FromDays(1));
        var recent = await CreateAndDeleteAsync(host);
        var live = await host.CreateRecordAsync(old.ListId, "Live");

        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        // The background timer may run the same pass concurrently; what matters is the outcome.
        await host.Services.GetRequiredService<DeletedRecordPurger>().PurgeOnceAsync(Ct);

        Assert.Null(await host.Store.Records.GetAsync(old.Id, Ct));
        Assert.NotNull(await host.Store.Records.GetAsync(recent.Id, Ct));
        Assert.NotNull(await host.Store.Records.GetAsync(live.Id, Ct));
    }

    [Fact]
    public async Task Purger_forgets_request_ids_older_than_the_idempotency_retention_only()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = VaultHost.Start(time, Settings(retention: "30.00:00:00"));
        var purger = host.Services.GetRequiredService<DeletedRecordPurger>();
        var draft = new PasswordSync.Vault.Model.AuditDraft
        {
            Action = PasswordSync.Vault.Model.AuditAction.PasswordRevealed,
            Actor = "retention-test",
        };
        var first = await host.Store.Audit.AppendAsync("req-aged", draft, Ct);

        // An hour short of the retention: a pass keeps the request id, so a repeat still answers with the first event.
        time.Advance(PasswordSync.Vault.Storage.IdempotencyRetention.Period - TimeSpan.FromHours(1));
        await purger.PurgeOnceAsync(Ct);
        var repeat = await host.Store.Audit.AppendAsync("req-aged", draft, Ct);

        // Past it: the pass forgets it, and the same request id is a new call.
        time.Advance(TimeSpan.FromHours(2));
        await purger.PurgeOnceAsync(Ct);
        var afresh = await host.Store.Audit.AppendAsync("req-aged", draft, Ct);

        Assert.Equal(first.Sequence, repeat.Sequence);
        Assert.True(afresh.Sequence > first.Sequence, $"the forgotten id answered with event {afresh.Sequence} again");
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    [InlineData("5000.00:00:00")]
    public async Task Invalid_retention_stops_start_up_naming_the_setting(string retention)
    {
        // A bare host with the records feature: WebApplicationFactory reports a failed start of Program unreliably
        // (sometimes as ObjectDisposedException), and the start-up validation is the feature's, not Program's.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Settings(retention));
        builder.AddPasswordRecords();
        var folder = Directory.CreateTempSubdirectory("pwsync-retention-");
        builder.Services.AddSqliteVaultStore(Path.Combine(folder.FullName, "vault.db"));
        try
        {
            using var host = builder.Build();

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

            Assert.Contains("Vault:Records:DeletedRetention", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string?> Settings(string retention) => new()
    {
        ["Vault:Records:DeletedRetention"] = retention,
        ["Vault:Records:PurgeInterval"] = "1.00:00:00",
    };

    private static async Task<Record> CreateAndDeleteAsync(VaultHost host)
    {
        var list = await host.CreateReadyListAsync();
        var record = await host.CreateRecordAsync(list.Id, "Deleted", password: "Retained-Pa55word!");
        return await host.Records().DeleteRecordAsync(new DeleteRecordRequest { Id = record.Id, Version = record.Version },
            cancellationToken: Ct);
    }
}
