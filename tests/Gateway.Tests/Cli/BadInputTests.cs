using System.Security.Cryptography;
using PasswordSync.Gateway.Tests.Cli.Harness;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;

namespace PasswordSync.Gateway.Tests.Cli;

/// <summary>Wrong command lines and refused input: exit 2, a message that names the problem, and nothing changed.</summary>
[Collection(PwsyncSequence.Name)]
public sealed class BadInputTests(PwsyncSuite suite) : EndToEndTest<PwsyncSuite>(suite)
{
    [Fact]
    public async Task A_bad_flag_or_value_exits_2_names_it_and_changes_nothing()
    {
        var scenario = new CliScenario(Suite);
        var pwsync = scenario.Pwsync;
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var listId = await scenario.CreateSyncReadyListAsync($"cli bad input {tag}");
        var record = (await pwsync.RunAsync(["records", "create", listId, "--title", "before", "--account-type", "web",
            "--json"], null, null)).Expect(0).Json();
        var recordId = (string)record["id"]!;

        var unknownFlag = (await pwsync.RunAsync("records", "update", recordId, "--titel", "after")).Expect(2);
        Assert.Contains("--titel", unknownFlag.Stderr, StringComparison.Ordinal);
        var badValue = (await pwsync.RunAsync("records", "update", recordId, "--account-type", "martian")).Expect(2);
        Assert.Contains("martian", badValue.Stderr, StringComparison.Ordinal);
        Assert.Contains("windows", badValue.Stderr, StringComparison.Ordinal); // the values it accepts

        // Refused by the gateway (a field the list does not use): the field is named, with a hint, exit 2.
        var refused = (await pwsync.RunAsync("records", "update", recordId, "--record-url", "https://x.example")).Expect(2);
        Assert.Contains("invalid-argument", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("field record.url", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", refused.Stderr, StringComparison.Ordinal);

        var after = (await pwsync.RunAsync("records", "get", recordId, "--json")).Expect(0).Json();
        Assert.Equal("before", (string?)after["title"]);
        Assert.Equal((string?)record["version"], (string?)after["version"]);
        Assert.Null(after["url"]);

        // A refused create leaves no record behind.
        (await pwsync.RunAsync("records", "create", listId, "--title", "x", "--account-type", "web", "--record-url", "u"))
            .Expect(2);
        Assert.Single((await pwsync.RunAsync("records", "list", listId, "--json")).Expect(0).JsonLines());

        // No command at all.
        var none = (await pwsync.RunAsync()).Expect(2);
        Assert.Contains("Required command", none.Stderr, StringComparison.Ordinal);
    }
}
