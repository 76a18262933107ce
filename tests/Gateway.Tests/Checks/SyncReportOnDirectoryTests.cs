using Grpc.Core;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Checks;

/// <summary>
/// The sync report against the real Samba DC with the real engine end to end: every verdict reaches the vault (read
/// back), with the directory's own password-last-set value as the drift baseline, one audit event per record, one bind
/// per account (a wrong password costs exactly one failure), and no password in the gateway's logs or the vault's
/// files.
/// </summary>
public sealed class SyncReportOnDirectoryTests(CheckFixture suite) : IClassFixture<CheckFixture>, IAsyncLifetime
{
    private readonly List<CheckAccount> accounts = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_report_records_every_accounts_verdict_and_baseline_in_the_vault()
    {
        var list = await suite.CreateListAsync();
        var right = new Dictionary<string, CheckAccount>();
        var wrong = new Dictionary<string, CheckAccount>();
        for (var i = 0; i < 12; i++)
        {
            var account = CheckDomain.CreateUser();
            accounts.Add(account);
            var isWrong = i % 6 == 0;
            var record = await suite.CreateRecordAsync(list.Id, account.Name,
                isWrong ? CheckDomain.NewPassword() : account.Password);
            (isWrong ? wrong : right)[record.Id] = account;
        }

        var results = new Dictionary<string, CheckResult>();
        SyncReportSummary? summary = null;
        using (var call = suite.Sync(suite.AdminKey).SyncReport(
                   new SyncReportRequest { ListId = list.Id, Concurrency = 4 }, cancellationToken: Ct))
        {
            await foreach (var reportEvent in call.ResponseStream.ReadAllAsync(Ct))
            {
                if (reportEvent.Result is { } result)
                {
                    results[result.RecordId] = result;
                }
                else
                {
                    summary = reportEvent.Summary;
                }
            }
        }

        Assert.Equal(12, summary?.Total);
        foreach (var (recordId, account) in right)
        {
            Assert.True(results[recordId].Status == CheckStatus.InSync, $"{account.Name}: {results[recordId]}");
            var stored = await suite.ReadRecordAsync(recordId);
            Assert.Equal(RecordSyncState.InSync, stored.SyncState);
            Assert.NotNull(stored.LastVerifyTime);
            var material = await suite.SyncMaterial.GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = recordId },
                cancellationToken: Ct);
            Assert.Equal(CheckDomain.PasswordLastSet(account), material.DirectoryPasswordLastSet);
            Assert.Equal(0, CheckDomain.BadPasswordCount(account));
        }

        foreach (var (recordId, account) in wrong)
        {
            Assert.Equal(CheckStatus.Mismatch, results[recordId].Status);
            Assert.Equal(RecordSyncState.OutOfSync, (await suite.ReadRecordAsync(recordId)).SyncState);
            Assert.Equal(1, CheckDomain.BadPasswordCount(account));
        }

        var audit = await suite.AuditAsync("SyncStateRecorded", list.Id);
        Assert.Equal(right.Keys.Concat(wrong.Keys).Order(), audit.Select(e => e.RecordId).Order());
        SecretLeaks.AssertNoneIn(CheckDomain.Secrets.Concat(accounts.Select(a => a.Password)),
            new Dictionary<string, string>
            {
                ["gateway"] = string.Join("\n", suite.GatewayLogs.Entries.Select(e => e.Text)),
                ["vault"] = suite.Backends.Vault.Output,
                ["directory-sync"] = suite.Backends.DirectorySync.Output,
            },
            [suite.Backends.VaultDatabasePath, suite.Backends.VaultDatabasePath + "-wal"]);
    }

    [Fact]
    public async Task An_account_in_two_records_with_wrong_passwords_takes_one_failure_and_is_never_locked()
    {
        // Lockout group: threshold 3. One failure already counted, so one more leaves it one short of a lockout and
        // the check after that must not bind, whichever of the two records goes first and however the states of the
        // report's accounts were read (together, ahead of the binds).
        var list = await suite.CreateListAsync();
        var shared = CheckDomain.CreateUser();
        accounts.Add(shared);
        CheckDomain.FailBinds(shared, CheckDomain.LockoutThreshold - 2);
        var first = await suite.CreateRecordAsync(list.Id, shared.Name, CheckDomain.NewPassword());
        var others = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var other = CheckDomain.CreateUser();
            accounts.Add(other);
            others.Add((await suite.CreateRecordAsync(list.Id, other.Name, other.Password)).Id);
        }

        var second = await suite.CreateRecordAsync(list.Id, shared.Name, CheckDomain.NewPassword());

        var results = new Dictionary<string, CheckResult>();
        using (var call = suite.Sync(suite.AdminKey).SyncReport(
                   new SyncReportRequest { ListId = list.Id, Concurrency = 4 }, cancellationToken: Ct))
        {
            await foreach (var reportEvent in call.ResponseStream.ReadAllAsync(Ct))
            {
                if (reportEvent.Result is { } result)
                {
                    results[result.RecordId] = result;
                }
            }
        }

        Assert.Equal(
            new[] { CheckStatus.Mismatch, CheckStatus.SkippedLockoutRisk }.Order(),
            new[] { results[first.Id].Status, results[second.Id].Status }.Order());
        Assert.All(others, id => Assert.Equal(CheckStatus.InSync, results[id].Status));
        Assert.Equal(CheckDomain.LockoutThreshold - 1, CheckDomain.BadPasswordCount(shared));
        Assert.False(CheckDomain.IsLockedOut(shared));
        // The binds went over directory-sync's BulkPasswords streams and the states came read ahead: neither fell
        // back to one call per account.
        Assert.DoesNotContain(suite.GatewayLogs.Entries, e => e.Text.Contains("does not offer", StringComparison.Ordinal));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        suite.GatewayLogs.AssertNoneContains(CheckDomain.Secrets);
        foreach (var account in accounts)
        {
            CheckDomain.Delete(account);
        }

        return ValueTask.CompletedTask;
    }
}
