using System.Collections.Concurrent;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.V1;
using Record = PasswordSync.V1.Record;

namespace PasswordSync.Gateway.Tests.EndToEnd;

/// <summary>
/// Bulk rotation of a list of 200 real AD accounts as a job, followed through its progress stream; then every
/// account's AD password is proven, by an independent bind, to be the one the vault reveals.
/// </summary>
[Collection(EndToEndSequence.Name)]
public sealed class BulkRotationEndToEndTests(SuiteProcesses suite)
    : EndToEndTest<SuiteProcesses>(suite), IClassFixture<SuiteProcesses>
{
    private const int Accounts = 200;
    // Per target: Samba hashes every new password many ways; on two shared cores more writers only queue up.
    private const int Concurrency = 4;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Every_account_of_a_200_record_list_ends_with_the_vaults_password()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        using var api = new ApiScenario(Suite);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var made = await accounts.CreateAsync(Accounts);
        var provisioned = clock.Elapsed;
        await api.RegisterDirectoryAsync(dc);
        var listId = await api.CreateReadyListAsync($"e2e bulk {accounts.RunId}");
        var records = await api.AddRecordsAsync(listId, dc, made);
        var recorded = clock.Elapsed;

        // A dry run reports what would be rotated and changes nothing.
        var dryRun = await api.Sync.BulkRotateAsync(new BulkRotateRequest { ListId = listId, DryRun = true },
            cancellationToken: TestContext.Current.CancellationToken);
        var dryEnd = (await JobProgress.WatchAsync(api.Sync, dryRun.Id, JobTimeout, Suite.Diagnostics))[^1];
        Assert.True(dryEnd.State == JobState.Completed && dryEnd.Total == Accounts, $"Dry run ended as {dryEnd}");
        Assert.Equal(made[0].InitialPassword, await api.RevealAsync(records[0].Id));

        var job = await api.Sync.BulkRotateAsync(new BulkRotateRequest
        {
            ListId = listId,
            Concurrency = Concurrency,
            VerifyAfterSet = true,
            RequestId = $"e2e-bulk-{accounts.RunId}",
        }, cancellationToken: TestContext.Current.CancellationToken);
        var rotationStart = clock.Elapsed;
        var updates = await JobProgress.WatchAsync(api.Sync, job.Id, JobTimeout, Suite.Diagnostics);
        var rotated = clock.Elapsed;
        var end = updates[^1];
        Assert.True(end.State == JobState.Completed && end.Succeeded == Accounts && end.Failed == 0
            && end.Remaining == 0, $"The job ended as {end}\n{Suite.Diagnostics()}");
        Assert.True(updates.Count > 1, "The progress stream sent only the final state.");

        // The HTTP face reads the same job.
        using var http = Suite.Http();
        var overHttp = await JsonApi.GetAsync(http, $"/v1/jobs/{job.Id}");
        Assert.Equal("JOB_STATE_COMPLETED", (string?)overHttp["state"]);

        await AssertEveryAccountHasTheVaultsPasswordAsync(api, dc, made, records);
        Suite.AssertNoSecretLeaked(api.Secrets.Concat(accounts.Passwords));
        // Where the time goes, for keeping the suite inside CI's budget.
        TestContext.Current.SendDiagnosticMessage($"Bulk e2e: {Accounts} AD accounts in {provisioned.TotalSeconds:0.0} s, "
            + $"records in {(recorded - provisioned).TotalSeconds:0.0} s, rotation in {(rotated - rotationStart).TotalSeconds:0.0} s, "
            + $"verification in {(clock.Elapsed - rotated).TotalSeconds:0.0} s.");
    }

    internal static async Task AssertEveryAccountHasTheVaultsPasswordAsync(ApiScenario api, DomainController dc,
        IReadOnlyList<AdAccount> accounts, IReadOnlyList<Record> records, Func<string>? diagnostics = null)
    {
        var problems = new ConcurrentBag<string>();
        await Parallel.ForAsync(0, accounts.Count,
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken },
            async (i, _) =>
            {
                var record = await api.GetRecordAsync(records[i].Id);
                var vault = await api.RevealAsync(records[i].Id);
                if (record.RotationPending)
                {
                    problems.Add($"{accounts[i].SamAccountName}: a rotation is still pending");
                }

                if (vault == accounts[i].InitialPassword)
                {
                    problems.Add($"{accounts[i].SamAccountName}: never rotated");
                }

                // The vault's password is new to AD: a bind with it succeeds only if AD holds it now.
                if (dc.TryBind(accounts[i].UserPrincipalName, vault) is { } refusal)
                {
                    problems.Add($"{accounts[i].SamAccountName}: AD refuses the vault's password ({refusal})");
                }
            });
        Assert.True(problems.IsEmpty, $"{problems.Count} of {accounts.Count} accounts differ from the vault:\n"
            + string.Join("\n", problems.Take(20)) + "\n" + diagnostics?.Invoke());
    }
}
