using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.V1;
using Record = PasswordSync.V1.Record;

namespace PasswordSync.Gateway.Tests.EndToEnd;

/// <summary>
/// The sync report over a list whose accounts are in every state a real DC can put them in: in sync, drifted (reset
/// behind PasswordSync's back moments before the report, while AD still accepts the old password), locked out,
/// disabled, must change, missing, and a record that is not sync-enabled. Streamed over HTTP (newline-delimited JSON)
/// and over gRPC, with the same answers.
/// </summary>
[Collection(EndToEndSequence.Name)]
public sealed class SyncReportEndToEndTests(SuiteProcesses suite)
    : EndToEndTest<SuiteProcesses>(suite), IClassFixture<SuiteProcesses>
{
    [Fact]
    public async Task The_report_names_each_accounts_real_state()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        using var api = new ApiScenario(Suite);
        var made = await accounts.CreateAsync(6);
        var (inSync, drifted, locked, disabled, mustChange, neverSynced) = (made[0], made[1], made[2], made[3], made[4], made[5]);
        await api.RegisterDirectoryAsync(dc);
        var listId = await api.CreateReadyListAsync($"e2e report {accounts.RunId}");

        var expected = new Dictionary<string, CheckStatus>();
        async Task<Record> Add(AdAccount account, CheckStatus status)
        {
            var record = await api.AddRecordAsync(listId, dc, account.SamAccountName, account.InitialPassword);
            expected[record.Id] = status;
            return record;
        }

        // Synced through PasswordSync first, so the vault knows AD's password-last-set value for these two.
        var inSyncRecord = await Add(inSync, CheckStatus.InSync);
        var driftedRecord = await Add(drifted, CheckStatus.ChangedOutside);
        foreach (var record in new[] { inSyncRecord, driftedRecord })
        {
            var outcome = await api.Sync.SaveAndSyncAsync(new SaveAndSyncRequest
            {
                RecordId = record.Id,
                Version = record.Version,
                NewPassword = accounts.NewPassword(),
            }, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(outcome.VaultUpdated && outcome.Verified, $"Save and sync: {outcome}\n{Suite.Diagnostics()}");
        }

        await Add(locked, CheckStatus.LockedOut);
        await Add(disabled, CheckStatus.Disabled);
        await Add(mustChange, CheckStatus.MustChange);
        await Add(neverSynced, CheckStatus.InSync);
        var missing = await api.AddRecordAsync(listId, dc, accounts.NameFor(999), accounts.NewPassword());
        expected[missing.Id] = CheckStatus.AccountNotFound;
        var notSyncable = await api.Records.CreateRecordAsync(new CreateRecordRequest
        {
            ListId = listId,
            Record = new Record
            {
                Title = "e2e web login",
                UserName = inSync.SamAccountName,
                AccountType = AccountType.Web,
                GenericFields = { ["generic1"] = dc.DomainName },
                Password = accounts.NewPassword(),
            },
        }, cancellationToken: TestContext.Current.CancellationToken);
        expected[notSyncable.Id] = CheckStatus.NotSyncEnabled;

        accounts.LockOut(locked);
        accounts.Disable(disabled);
        accounts.RequirePasswordChange(mustChange);
        // Last, right before the report: AD still accepts the vault's (now previous) password for an hour, so only
        // the password-last-set comparison can tell.
        accounts.ResetBehindTheBack(drifted);

        using var http = Suite.Http();
        var messages = await JsonApi.GetStreamAsync(http, $"/v1/lists/{listId}/syncReport");
        var results = messages.Where(m => m["result"] is not null).Select(m => m["result"]!).ToArray();
        var summary = messages.Select(m => m["summary"]).SingleOrDefault(s => s is not null);
        var byRecord = results.ToDictionary(r => (string)r["recordId"]!, r => (string)r["status"]!);
        foreach (var (recordId, status) in expected)
        {
            var want = "CHECK_STATUS_" + ToScreamingSnake(status.ToString());
            Assert.True(byRecord.TryGetValue(recordId, out var got) && got == want,
                $"Record {recordId}: expected {want}, got {got ?? "no result"}. Whole report:\n"
                + string.Join("\n", messages.Select(m => m.ToJsonString())) + "\n" + Suite.Diagnostics());
        }

        Assert.True(summary is not null, "The report ended without a summary.");
        Assert.Equal(expected.Count, (int?)summary["total"]);
        Assert.Equal(expected.Count, results.Length);

        // The gRPC face streams the same verdicts.
        using var call = api.Sync.SyncReport(new SyncReportRequest { ListId = listId },
            cancellationToken: TestContext.Current.CancellationToken);
        var grpcResults = new Dictionary<string, CheckStatus>();
        SyncReportSummary? grpcSummary = null;
        await foreach (var reportEvent in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            if (reportEvent.Result is { } result)
            {
                grpcResults[result.RecordId] = result.Status;
            }
            else
            {
                grpcSummary = reportEvent.Summary;
            }
        }

        Assert.Equal(expected.OrderBy(p => p.Key), grpcResults.OrderBy(p => p.Key));
        Assert.NotNull(grpcSummary);
        Assert.Equal(expected.Count, grpcSummary.Total);
        Assert.Equal(expected.Count, grpcSummary.CountsByStatus.Values.Sum());

        // Checking never locked anyone: the in-sync accounts still log on with the vault's password.
        AdProof.AssertAccepts(dc, inSync, await api.RevealAsync(inSyncRecord.Id), "the vault's password", Suite.Diagnostics);
        Suite.AssertNoSecretLeaked(api.Secrets.Concat(accounts.Passwords));
    }

    private static string ToScreamingSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
