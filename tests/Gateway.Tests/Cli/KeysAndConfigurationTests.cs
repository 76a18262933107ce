using System.Text.Json.Nodes;
using PasswordSync.Gateway.Tests.Cli.Harness;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;

namespace PasswordSync.Gateway.Tests.Cli;

/// <summary>
/// Where pwsync takes the gateway's address, its certificate and the API key from, and the clear errors when one is
/// missing, unsafe, refused or untrusted. The key is never accepted on the command line by default.
/// </summary>
[Collection(PwsyncSequence.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KeysAndConfigurationTests(PwsyncSuite suite) : EndToEndTest<PwsyncSuite>(suite)
{
    private PwsyncRunner Pwsync => Suite.Pwsync;

    [Fact]
    public async Task No_key_is_a_clear_authentication_error()
    {
        var environment = Pwsync.ConfiguredEnvironment();
        environment.Remove("PWSYNC_API_KEY_FILE");
        var run = (await Pwsync.RunAsync(["lists", "list"], null, environment)).Expect(3);
        Assert.Contains("No API key", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("PWSYNC_API_KEY_FILE", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_file_others_can_read_is_refused_before_any_call()
    {
        var leaky = Path.Combine(Suite.HomeDirectory, $"leaky-{Guid.NewGuid():N}.key");
        await File.WriteAllTextAsync(leaky, Suite.AdminKey, TestContext.Current.CancellationToken);
        File.SetUnixFileMode(leaky, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var environment = Pwsync.ConfiguredEnvironment();
        environment["PWSYNC_API_KEY_FILE"] = leaky;
        var callsBefore = GatewayCalls("ListLists");
        var run = (await Pwsync.RunAsync(["lists", "list"], null, environment)).Expect(3);
        Assert.Contains("chmod 600", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(callsBefore, GatewayCalls("ListLists"));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_by_the_gateway_with_a_hint()
    {
        var environment = Pwsync.ConfiguredEnvironment();
        environment.Remove("PWSYNC_API_KEY_FILE");
        environment["PWSYNC_API_KEY"] = "pwsk_" + new string('a', 40);
        var run = (await Pwsync.RunAsync(["lists", "list"], null, environment)).Expect(3);
        Assert.Contains("unauthenticated", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_from_PWSYNC_API_KEY_works_and_never_from_argv_unless_explicitly_allowed()
    {
        var environment = Pwsync.ConfiguredEnvironment();
        environment.Remove("PWSYNC_API_KEY_FILE");
        environment["PWSYNC_API_KEY"] = Suite.AdminKey;
        (await Pwsync.RunAsync(["lists", "list", "--json"], null, environment)).Expect(0);

        // A made-up key on the command line: refused before any call, with the reason (the runner itself refuses to
        // put the real key in argv).
        var withoutEnvironment = Pwsync.ConfiguredEnvironment();
        withoutEnvironment.Remove("PWSYNC_API_KEY_FILE");
        var refused = (await Pwsync.RunAsync(["lists", "list", "--api-key", "pwsk_not_a_real_key"], null, withoutEnvironment))
            .Expect(2);
        Assert.Contains("--allow-key-on-command-line", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("readable by every user", refused.Stderr, StringComparison.Ordinal);
        Assert.All(Pwsync.Runs, past => Assert.DoesNotContain(past.Arguments,
            argument => argument.Contains(Suite.AdminKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_config_file_supplies_url_ca_and_key_file_and_flags_override_it()
    {
        var folder = Path.Combine(Suite.HomeDirectory, ".config", "pwsync");
        System.IO.Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "config.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["url"] = Suite.Gateway.Address.ToString(),
            ["caFile"] = Suite.Gateway.Certificate.CertificatePath,
            ["apiKeyFile"] = Suite.AdminKeyFile,
        }.ToJsonString(), TestContext.Current.CancellationToken);
        try
        {
            // Nothing in the environment: the default config file (~/.config/pwsync/config.json) has it all.
            (await Pwsync.RunAsync(["lists", "list", "--json"], null, new Dictionary<string, string?>())).Expect(0);
            // A flag wins over the file: a port nobody listens on makes it fail as unavailable (exit 5).
            var unreachable = (await Pwsync.RunAsync(["lists", "list", "--url", "https://127.0.0.1:9"], null,
                new Dictionary<string, string?>())).Expect(5);
            Assert.Contains("hint:", unreachable.Stderr, StringComparison.Ordinal);

            // A config file others may change could send the key elsewhere: refused.
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
            var unsafeConfig = (await Pwsync.RunAsync(["lists", "list"], null, new Dictionary<string, string?>())).Expect(2);
            Assert.Contains("chmod go-w", unsafeConfig.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Without_the_gateways_certificate_the_connection_fails_as_untrusted_with_a_hint()
    {
        var environment = Pwsync.ConfiguredEnvironment();
        environment.Remove("PWSYNC_CA_FILE");
        var run = (await Pwsync.RunAsync(["lists", "list"], null, environment)).Expect(5);
        Assert.Contains("--ca-file", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not trusted", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>How many calls of the method the gateway has logged so far.</summary>
    private int GatewayCalls(string method) =>
        Suite.Gateway.Output.Split('\n').Count(line => line.Contains($"POST /passwordsync.v1.Lists/{method} answered",
            StringComparison.Ordinal));
}
