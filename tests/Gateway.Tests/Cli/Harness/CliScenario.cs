using System.Collections.Concurrent;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.Cli.Harness;

/// <summary>
/// Intent-level steps done the way a pwsync user does them (every step is a pwsync run), remembering every password
/// that went in or came out, so a test can prove none of them reached an output it must not reach.
/// </summary>
public sealed class CliScenario(PwsyncSuite suite)
{
    private readonly ConcurrentBag<string> secrets = [];

    public PwsyncRunner Pwsync => suite.Pwsync;

    public IReadOnlyCollection<string> Secrets => secrets;

    public void Remember(string secret) => secrets.Add(secret);

    /// <summary>Registers the DC as an AD target with <c>pwsync targets create</c> (once per suite: names are unique).</summary>
    public Task<string> RegisterDirectoryAsync(DomainController dc)
    {
        secrets.Add(dc.AdminPassword);
        return suite.RegisteredTargets.GetOrAdd(dc.Host, _ => new Lazy<Task<string>>(async () =>
        {
            var run = (await Pwsync.RunAsync(
                ["targets", "create", "--kind", "active-directory", "--name", dc.DomainName, "--name", dc.Realm.Split('.')[0],
                    "--endpoint", $"{dc.Host}:{dc.Port}", "--directory-ca-file", TestServers.Require("SAMBA_CA_PEM"),
                    "--base-dn", dc.BaseDn, "--privileged-account", dc.AdminUser, "--json"],
                stdin: dc.AdminPassword, environment: null)).Expect(0);
            return (string)run.Json()["id"]!;
        })).Value;
    }

    /// <summary><c>pwsync lists create --sync-ready</c>; returns the list's id.</summary>
    public async Task<string> CreateSyncReadyListAsync(string name)
    {
        var run = (await Pwsync.RunAsync("lists", "create", "--name", name, "--sync-ready", "--standard-field", "notes", "--password-length", "24",
            "--prevent-reuse", "5", "--json")).Expect(0);
        return (string)run.Json()["id"]!;
    }

    /// <summary><c>pwsync records create</c> for an AD account, its password piped on stdin; returns the record's id.</summary>
    public async Task<string> AddAdRecordAsync(string listId, DomainController dc, AdAccount account)
    {
        secrets.Add(account.InitialPassword);
        var run = (await Pwsync.RunAsync(
            ["records", "create", listId, "--title", $"cli {account.SamAccountName}", "--user-name", account.SamAccountName,
                "--account-type", "windows", "--domain-or-host", dc.DomainName, "--password-stdin", "--json"],
            stdin: account.InitialPassword, environment: null)).Expect(0);
        var record = run.Json();
        Assert.True((bool?)record["syncEnabled"] == true, $"The record is not sync-enabled: {record}");
        return (string)record["id"]!;
    }

    /// <summary><c>pwsync records reveal</c>: the password alone on stdout.</summary>
    public async Task<string> RevealAsync(string recordId)
    {
        var run = (await Pwsync.RunAsync("records", "reveal", recordId, "--reason", "cli test")).Expect(0);
        var password = run.Stdout.TrimEnd('\n');
        Assert.False(string.IsNullOrEmpty(password) || password.Contains('\n', StringComparison.Ordinal),
            $"reveal printed something else than one password line ({run.Stdout.Length} characters).");
        secrets.Add(password);
        return password;
    }

    /// <summary>
    /// No remembered secret in any pwsync output, except the stdout of the runs that exist to print one (reveal,
    /// passwords generate, api-keys create), nor in any suite process's output.
    /// </summary>
    public void AssertNoSecretLeaked()
    {
        var quiet = Pwsync.Runs.Where(run => !PrintsASecret(run)).ToList();
        var outputs = new Dictionary<string, string>
        {
            ["pwsync stdout (commands that print no secret)"] = string.Join("\n", quiet.Select(run => run.Stdout)),
            ["pwsync stderr"] = string.Join("\n", Pwsync.Runs.Select(run => run.Stderr)),
        };
        SecretLeaks.AssertNoneIn(secrets, outputs, []);
        suite.AssertNoSecretLeaked(secrets);
    }

    private static bool PrintsASecret(PwsyncRun run) =>
        run.Arguments.Take(2).SequenceEqual(["records", "reveal"])
        || run.Arguments.Take(2).SequenceEqual(["records", "reveal-history"])
        || run.Arguments.Take(2).SequenceEqual(["passwords", "generate"])
        || run.Arguments.Take(3).SequenceEqual(["admin", "api-keys", "create"]);
}
