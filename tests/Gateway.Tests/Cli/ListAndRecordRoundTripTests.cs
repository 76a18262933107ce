using System.Security.Cryptography;
using PasswordSync.Gateway.Tests.Cli.Harness;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;

namespace PasswordSync.Gateway.Tests.Cli;

/// <summary>
/// A list and a record created, read, changed, revealed and deleted with pwsync against the real suite, in both
/// output modes: tables for people, JSON lines for scripts (and no password in them except reveal's).
/// </summary>
[Collection(PwsyncSequence.Name)]
public sealed class ListAndRecordRoundTripTests(PwsyncSuite suite) : EndToEndTest<PwsyncSuite>(suite)
{
    [Fact]
    public async Task A_record_goes_through_create_get_update_reveal_history_and_delete()
    {
        var scenario = new CliScenario(Suite);
        var pwsync = scenario.Pwsync;
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var listId = await scenario.CreateSyncReadyListAsync($"cli round trip {tag}");

        var lists = (await pwsync.RunAsync("lists", "list", "--json")).Expect(0).JsonLines();
        Assert.Contains(lists, list => (string?)list["id"] == listId);
        var readiness = (await pwsync.RunAsync("lists", "readiness", listId, "--json")).Expect(0).Json();
        Assert.True((bool?)readiness["ready"], $"The --sync-ready list is not ready: {readiness}");
        var listTable = (await pwsync.RunAsync("lists", "get", listId)).Expect(0);
        Assert.Contains("Ready for synchronisation", listTable.Stdout, StringComparison.Ordinal);
        Assert.Contains("Domain or Host", listTable.Stdout, StringComparison.Ordinal);

        var password = "Cli-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)) + "-x1!";
        scenario.Remember(password);
        var created = (await pwsync.RunAsync(
            ["records", "create", listId, "--title", $"web {tag}", "--user-name", $"svc-{tag}", "--account-type", "web",
                "--notes", "made by pwsync", "--password-stdin", "--json"],
            stdin: password, environment: null)).Expect(0).Json();
        var recordId = (string)created["id"]!;
        Assert.True((bool?)created["hasPassword"], $"The record was created without its password: {created}");

        var table = (await pwsync.RunAsync("records", "list", listId)).Expect(0);
        Assert.Contains($"web {tag}", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(recordId, table.Stdout, StringComparison.Ordinal);
        var listed = (await pwsync.RunAsync("records", "list", listId, "--json")).Expect(0).JsonLines();
        Assert.Equal(recordId, (string?)Assert.Single(listed)["id"]);

        var updated = (await pwsync.RunAsync("records", "update", recordId, "--title", $"web {tag} renamed", "--json"))
            .Expect(0).Json();
        Assert.Equal($"web {tag} renamed", (string?)updated["title"]);
        Assert.Equal("made by pwsync", (string?)updated["notes"]); // a field not named is left alone
        var got = (await pwsync.RunAsync("records", "get", recordId, "--json")).Expect(0).Json();
        Assert.Equal($"web {tag} renamed", (string?)got["title"]);

        Assert.Equal(password, await scenario.RevealAsync(recordId));
        var revealedJson = (await pwsync.RunAsync("records", "reveal", recordId, "--json")).Expect(0).Json();
        Assert.Equal(password, (string?)revealedJson["password"]);

        // set-password (vault only) from stdin: the old one goes to history, reveal returns the new one.
        var second = "Cli-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)) + "-y2!";
        scenario.Remember(second);
        (await pwsync.RunAsync(["records", "set-password", recordId, "--reason", "cli test"], second, null)).Expect(0);
        Assert.Equal(second, await scenario.RevealAsync(recordId));
        var history = (await pwsync.RunAsync("records", "history", recordId, "--json")).Expect(0).JsonLines();
        Assert.NotEmpty(history);

        (await pwsync.RunAsync("records", "delete", recordId)).Expect(0);
        Assert.Empty((await pwsync.RunAsync("records", "list", listId, "--json")).Expect(0).JsonLines());
        var deleted = (await pwsync.RunAsync("records", "list", listId, "--deleted", "--json")).Expect(0).JsonLines();
        Assert.Equal(recordId, (string?)Assert.Single(deleted)["id"]);
        var gone = (await pwsync.RunAsync("records", "get", "no-such-record")).Expect(4);
        Assert.Contains("not-found", gone.Stderr, StringComparison.Ordinal);

        scenario.AssertNoSecretLeaked();
    }
}
