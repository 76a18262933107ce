namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>
/// One test's run.sh settings: its own state folder under /tmp (not created: run.sh must create it), five free ports,
/// the binaries the test build made (no build by run.sh) and, for --demo, a demo DC address and host name of its own
/// (not run.sh's defaults, which a developer's own ./run.sh --demo may be using, nor any test server's).
/// </summary>
public sealed class LocalRunSettings : IDisposable
{
    public const string TestDemoAddress = "127.0.0.52";
    public const string TestDemoHostName = "pwslrtestdc";
    public const string DemoRealm = "demo.pwsync.test";

    private readonly DirectoryInfo parent = Directory.CreateTempSubdirectory("pwsync-localrun-");

    public LocalRunSettings()
    {
        StateDirectory = Path.Combine(parent.FullName, "state");
    }

    public string StateDirectory { get; }

    public int GatewayPort { get; } = FreePorts.Next();

    public int VaultPort { get; } = FreePorts.Next();

    public int VaultHealthPort { get; } = FreePorts.Next();

    public int DirectorySyncPort { get; } = FreePorts.Next();

    public int DirectorySyncHealthPort { get; } = FreePorts.Next();

    public string DemoDirectory => Path.Combine(StateDirectory, "demo");

    public static string DemoFqdn => $"{TestDemoHostName}.{DemoRealm}";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["PASSWORDSYNC_STATE_DIR"] = StateDirectory,
        ["PASSWORDSYNC_CONFIGURATION"] = Repository.Configuration,
        ["PASSWORDSYNC_PORT"] = Port(GatewayPort),
        ["PASSWORDSYNC_VAULT_PORT"] = Port(VaultPort),
        ["PASSWORDSYNC_VAULT_HEALTH_PORT"] = Port(VaultHealthPort),
        ["PASSWORDSYNC_DIRECTORY_SYNC_PORT"] = Port(DirectorySyncPort),
        ["PASSWORDSYNC_DIRECTORY_SYNC_HEALTH_PORT"] = Port(DirectorySyncHealthPort),
        ["PASSWORDSYNC_DEMO_ADDRESS"] = TestDemoAddress,
        ["PASSWORDSYNC_DEMO_HOST_NAME"] = TestDemoHostName,
        // The machine is shared and slow: generous, but bounded.
        ["PASSWORDSYNC_READY_TIMEOUT"] = "300",
    };

    public void Dispose()
    {
        try
        {
            parent.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder under /tmp must not fail a test that passed.
        }
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
