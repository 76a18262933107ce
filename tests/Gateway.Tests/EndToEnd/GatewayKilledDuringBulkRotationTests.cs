using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.EndToEnd;

/// <summary>
/// Crash: the gateway is SIGKILLed in the middle of a bulk rotation (some accounts done, some in flight, some not
/// started). Restarted on the same state, it resumes the job, which completes; every account's AD password is then the
/// vault's current one.
/// </summary>
[Collection(EndToEndSequence.Name)]
public sealed class GatewayKilledDuringBulkRotationTests(ShortLeaseSuite suite)
    : EndToEndTest<ShortLeaseSuite>(suite), IClassFixture<ShortLeaseSuite>
{
    private const int Accounts = 60;
    private const int Concurrency = 2;

    [Fact]
    public async Task The_job_resumes_after_a_restart_and_every_account_matches_the_vault()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        using var api = new ApiScenario(Suite);
        var made = await accounts.CreateAsync(Accounts);
        await api.RegisterDirectoryAsync(dc);
        var listId = await api.CreateReadyListAsync($"e2e bulk crash {accounts.RunId}");
        var records = await api.AddRecordsAsync(listId, dc, made);

        var setBefore = accounts.PasswordLastSet();

        // Two at a time, so the job is surely mid-way when the gateway dies.
        var job = await api.Sync.BulkRotateAsync(new BulkRotateRequest { ListId = listId, Concurrency = Concurrency, VerifyAfterSet = true },
            cancellationToken: TestContext.Current.CancellationToken);
        var underWay = await Eventually.UntilAsync("the job to be under way",
            async () => await api.Sync.GetJobAsync(new GetJobRequest { JobId = job.Id },
                cancellationToken: TestContext.Current.CancellationToken),
            j => j.Succeeded >= 5 || JobProgress.IsFinished(j), TimeSpan.FromMinutes(3),
            j => j?.ToString() ?? "nothing", Suite.Diagnostics, TimeSpan.FromMilliseconds(100));
        Assert.False(JobProgress.IsFinished(underWay), $"The job finished before the crash: {underWay}");

        Suite.Gateway.Kill();
        Assert.True(underWay.Remaining > 0, $"Nothing was left to resume: {underWay}");
        await Suite.Gateway.RestartAsync();

        var end = await JobProgress.PollAsync(() => api.Sync, job.Id, EndToEndSettings.SettleTimeout + TimeSpan.FromMinutes(3),
            Suite.Diagnostics);
        // An item the crash interrupted BEFORE its directory write is settled by evidence (the pending password is
        // proven absent and dropped) and then rotated once more: every item succeeds.
        Assert.True(end.State == JobState.Completed && end.Succeeded == Accounts && end.Failed == 0,
            $"After the restart the job ended as {end}\n{Suite.Diagnostics()}");

        var setAfter = accounts.PasswordLastSet();
        var problems = new List<string>();
        var notRotated = 0;
        for (var i = 0; i < Accounts; i++)
        {
            var vault = await api.RevealAsync(records[i].Id);
            var account = made[i];
            if ((await api.GetRecordAsync(records[i].Id)).RotationPending)
            {
                problems.Add($"{account.SamAccountName}: a rotation is still pending");
            }

            if (vault != account.InitialPassword)
            {
                // A password AD never had before: the bind proves AD holds it now.
                if (dc.TryBind(account.UserPrincipalName, vault) is { } refusal)
                {
                    problems.Add($"{account.SamAccountName}: AD refuses the vault's new password ({refusal})");
                }

                continue;
            }

            // The vault kept the initial password. A bind with it proves nothing alone (AD accepts the previous
            // password for an hour after a reset), so AD's own password-last-set value must be unchanged too.
            notRotated++;
            if (setAfter[account.SamAccountName] != setBefore[account.SamAccountName])
            {
                problems.Add($"{account.SamAccountName}: AD's password changed but the vault kept the initial one");
            }

            if (dc.TryBind(account.UserPrincipalName, vault) is { } refused)
            {
                problems.Add($"{account.SamAccountName}: AD refuses the vault's password ({refused})");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} accounts differ from the vault:\n"
            + string.Join("\n", problems) + "\n" + Suite.Diagnostics());
        Assert.Equal(end.Failed, notRotated);
        Suite.AssertNoSecretLeaked(api.Secrets.Concat(accounts.Passwords));
    }
}
