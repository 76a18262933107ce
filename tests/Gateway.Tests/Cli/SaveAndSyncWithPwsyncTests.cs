using PasswordSync.Gateway.Tests.Cli.Harness;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;

namespace PasswordSync.Gateway.Tests.Cli;

/// <summary>
/// pwsync against the real Samba AD DC: check, save-and-sync with the new password piped on stdin, rotate and the
/// sync report; every password the directory should now hold is proven by an independent LDAPS bind.
/// </summary>
[Collection(PwsyncSequence.Name)]
public sealed class SaveAndSyncWithPwsyncTests(PwsyncSuite suite) : EndToEndTest<PwsyncSuite>(suite)
{
    [Fact]
    public async Task Save_and_sync_check_rotate_and_report_agree_with_AD()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        var scenario = new CliScenario(Suite);
        var pwsync = scenario.Pwsync;
        var account = (await accounts.CreateAsync(1))[0];
        var targetId = await scenario.RegisterDirectoryAsync(dc);
        var listId = await scenario.CreateSyncReadyListAsync($"cli sync {accounts.RunId}");
        var recordId = await scenario.AddAdRecordAsync(listId, dc, account);

        var tested = (await pwsync.RunAsync("targets", "test", targetId, "--json")).Expect(0).Json();
        Assert.True((bool?)tested["ok"], $"The DC target's test failed: {tested}");
        var check = (await pwsync.RunAsync("check", recordId, "--json")).Expect(0).Json();
        Assert.Equal("CHECK_STATUS_IN_SYNC", (string?)check["status"]);

        // save-and-sync: the new password only ever travels on stdin.
        var chosen = accounts.NewPassword();
        scenario.Remember(chosen);
        var saved = (await pwsync.RunAsync(["save-and-sync", recordId], chosen, null)).Expect(0);
        Assert.Contains("verified", saved.Stdout, StringComparison.Ordinal);
        AdProof.AssertAccepts(dc, account, chosen, "the password given to save-and-sync", Suite.Diagnostics);
        Assert.Equal(chosen, await scenario.RevealAsync(recordId));

        // A candidate that is not the account's password: the check says so and exits 1.
        var wrong = accounts.NewPassword();
        var mismatch = (await pwsync.RunAsync(["check", recordId, "--candidate", "--json"], wrong, null)).Expect(1).Json();
        Assert.Equal("CHECK_STATUS_MISMATCH", (string?)mismatch["status"]);

        // rotate: a generated password nobody typed, proven in AD by a bind with what reveal returns.
        var rotated = (await pwsync.RunAsync("rotate", recordId, "--json")).Expect(0).Json();
        Assert.True((bool?)rotated["verified"], $"rotate did not verify: {rotated}");
        var generated = await scenario.RevealAsync(recordId);
        Assert.NotEqual(chosen, generated);
        AdProof.AssertAccepts(dc, account, generated, "the rotated password", Suite.Diagnostics);

        // The report: a table for people, JSON lines (results, then the summary) for scripts.
        var table = (await pwsync.RunAsync("report", listId)).Expect(0);
        Assert.Contains(recordId, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("in-sync", table.Stdout, StringComparison.Ordinal);
        // The summary line speaks the table's words, not the proto's enum names.
        Assert.Contains("1 in-sync", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CHECK_STATUS_", table.Stdout, StringComparison.Ordinal);
        var lines = (await pwsync.RunAsync("report", listId, "--json")).Expect(0).JsonLines();
        var result = Assert.Single(lines, line => line["result"] is not null)["result"]!;
        Assert.Equal(recordId, (string?)result["recordId"]);
        Assert.Equal("CHECK_STATUS_IN_SYNC", (string?)result["status"]);
        Assert.Equal(1, (int?)lines[^1]["summary"]?["total"]);

        // Changed behind PasswordSync's back: the report and the check now exit 1.
        scenario.Remember(accounts.ResetBehindTheBack(account));
        var drift = (await pwsync.RunAsync("report", listId, "--json")).Expect(1);
        Assert.Contains("not proven in sync", drift.Stderr, StringComparison.Ordinal);
        (await pwsync.RunAsync("check", recordId)).Expect(1);

        foreach (var password in accounts.Passwords)
        {
            scenario.Remember(password);
        }

        scenario.AssertNoSecretLeaked();
    }
}
