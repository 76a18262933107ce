using System.DirectoryServices.Protocols;
using PasswordSync.Gateway.Tests.Cli.Harness;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;

namespace PasswordSync.Gateway.Tests.Cli;

/// <summary>
/// <c>pwsync bulk-rotate --watch</c> over real AD accounts: exit 0 when every record rotated (proven by binds), and a
/// non-zero exit with the failed record named when an account was deleted from AD before the job.
/// </summary>
[Collection(PwsyncSequence.Name)]
public sealed class BulkRotateWithPwsyncTests(PwsyncSuite suite) : EndToEndTest<PwsyncSuite>(suite)
{
    private const int Accounts = 4;

    [Fact]
    public async Task Bulk_rotate_exits_0_when_every_record_rotated_and_1_when_one_failed()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        var scenario = new CliScenario(Suite);
        var pwsync = scenario.Pwsync;
        var made = await accounts.CreateAsync(Accounts);
        await scenario.RegisterDirectoryAsync(dc);
        var listId = await scenario.CreateSyncReadyListAsync($"cli bulk {accounts.RunId}");
        var records = new List<string>();
        foreach (var account in made)
        {
            records.Add(await scenario.AddAdRecordAsync(listId, dc, account));
        }

        // A dry run changes nothing and succeeds.
        (await pwsync.RunAsync("bulk-rotate", listId, "--dry-run", "--watch")).Expect(0);
        Assert.Equal(made[0].InitialPassword, await scenario.RevealAsync(records[0]));

        // Not a terminal: plain progress lines on stderr, the final job as a table on stdout.
        var run = (await pwsync.RunAsync("bulk-rotate", listId, "--watch", "--concurrency", "2")).Expect(0);
        Assert.Contains("completed", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{Accounts}/{Accounts} done", run.Stderr, StringComparison.Ordinal);
        for (var i = 0; i < Accounts; i++)
        {
            var password = await scenario.RevealAsync(records[i]);
            Assert.NotEqual(made[i].InitialPassword, password);
            AdProof.AssertAccepts(dc, made[i], password, "the bulk-rotated password", Suite.Diagnostics);
        }

        // One account vanishes from AD before the next job: that record fails, the exit code says so.
        using (var connection = dc.AdminConnection())
        {
            connection.SendRequest(new DeleteRequest(made[0].Dn));
        }

        var failed = (await pwsync.RunAsync("bulk-rotate", listId, "--watch", "--json")).Expect(1);
        var updates = failed.JsonLines();
        var end = updates[^1];
        Assert.Equal("JOB_STATE_COMPLETED", (string?)end["state"]);
        Assert.Equal(1, (int?)end["failed"]);
        Assert.Equal(Accounts - 1, (int?)end["succeeded"]);
        var item = Assert.Single(end["recentItems"]!.AsArray(), node => (string?)node!["status"] == "failed")!;
        Assert.Equal(records[0], (string?)item["recordId"]);
        Assert.Contains("1 of 4 records failed", failed.Stderr, StringComparison.Ordinal);

        // jobs get reads the same job back, with the same verdict.
        var jobId = (string)end["id"]!;
        (await pwsync.RunAsync("jobs", "get", jobId)).Expect(1);
        Assert.Contains($"pwsync jobs items {jobId} --status failed", failed.Stderr, StringComparison.Ordinal);

        // Every item, or only the failed ones: what a script needs to fix the job's leftovers.
        var failedItems = (await pwsync.RunAsync("jobs", "items", jobId, "--status", "failed", "--json")).Expect(0)
            .JsonLines();
        var failedItem = Assert.Single(failedItems);
        Assert.Equal(records[0], (string?)failedItem["recordId"]);
        Assert.False(string.IsNullOrEmpty((string?)failedItem["reasonCode"]), $"no reason: {failedItem}");
        var everyItem = (await pwsync.RunAsync("jobs", "items", jobId, "--json")).Expect(0).JsonLines();
        Assert.Equal(records.Order(StringComparer.Ordinal),
            everyItem.Select(node => (string)node["recordId"]!).Order(StringComparer.Ordinal));
        Assert.Equal(Accounts - 1, everyItem.Count(node => (string?)node["status"] == "succeeded"));
        var table = (await pwsync.RunAsync("jobs", "items", jobId, "--status", "failed")).Expect(0);
        Assert.Contains(records[0], table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(records[1], table.Stdout, StringComparison.Ordinal);

        // The same over HTTP/JSON, a page at a time; a status that is not one is refused naming the field.
        using var http = Suite.Http();
        var firstPage = await JsonApi.GetAsync(http, $"/v1/jobs/{jobId}/items?pageSize=2");
        Assert.Equal(2, firstPage["items"]!.AsArray().Count);
        var token = (string?)firstPage["nextPageToken"];
        Assert.False(string.IsNullOrEmpty(token), $"a first page of 2 out of {Accounts} has no next token: {firstPage}");
        var secondPage = await JsonApi.GetAsync(http, $"/v1/jobs/{jobId}/items?pageSize=2&pageToken={Uri.EscapeDataString(token!)}");
        var paged = firstPage["items"]!.AsArray().Concat(secondPage["items"]!.AsArray())
            .Select(node => (string)node!["recordId"]!).Order(StringComparer.Ordinal);
        Assert.Equal(records.Order(StringComparer.Ordinal), paged);
        var bogus = await pwsync.RunAsync("jobs", "items", jobId, "--status", "exploded");
        bogus.Expect(2);
        Assert.Contains("status", bogus.Stderr, StringComparison.Ordinal);
        var unknown = await pwsync.RunAsync("jobs", "items", "no-such-job");
        Assert.NotEqual(0, unknown.ExitCode);

        foreach (var password in accounts.Passwords)
        {
            scenario.Remember(password);
        }

        scenario.AssertNoSecretLeaked();
    }
}
