using PasswordSync.Deployment.Tests.Compose;
using PasswordSync.Deployment.Tests.Configuration;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.InitSteps;

/// <summary>
/// The one-shot steps, run for real, leave every file the services are configured to read in the volume each service
/// mounts, with owner-only keys, and the CA's key nowhere a running service can read it.
/// </summary>
public sealed class InitStepTests(InitializedVolumes volumes) : IClassFixture<InitializedVolumes>
{
    private static readonly ComposeFile Compose = ComposeFile.Repository;

    private static readonly string[] SecretVolumes = ["vault-tls", "directory-sync-tls", "gateway-tls", "pki-ca", "vault-keyring"];

    [Fact]
    public void Both_init_steps_succeed()
    {
        Assert.True(volumes.Pki.ExitCode == 0, volumes.Pki.Output);
        Assert.True(volumes.Keyring.ExitCode == 0, volumes.Keyring.Output);
    }

    [Theory]
    [InlineData("vault")]
    [InlineData("directory-sync")]
    [InlineData("gateway")]
    public void Every_file_the_service_is_configured_with_is_in_a_volume_it_mounts(string name)
    {
        var service = Compose.Service(name);
        var paths = ServiceConfiguration.Of(service)
            .Where(entry => entry.Key.EndsWith("Path", StringComparison.Ordinal)
                            || entry.Key.EndsWith("File", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(paths);
        foreach (var (key, path) in paths)
        {
            Assert.True(service.VolumeHolding(path) is not null, $"{name}: {key}={path} is in no volume it mounts.");
            Assert.True(File.Exists(volumes.Files.Map(service, path)),
                $"{name}: {key}={path} does not exist after the init steps.");
        }
    }

    [Fact]
    public void Private_keys_and_the_key_ring_are_owner_only()
    {
        var secrets = SecretVolumes.SelectMany(volume => volumes.Files.FilesIn(volume)
                .Where(file => file.EndsWith(".key", StringComparison.Ordinal) || file.EndsWith(".keyring", StringComparison.Ordinal))
                .Select(file => Path.Combine(volumes.Files.VolumeDirectory(volume), file)))
            .ToList();
        // pki-ca: the CA's and the three services' keys; one copy of its own key per service volume; the key ring.
        Assert.Equal(4 + 3 + 1, secrets.Count);
        Assert.All(secrets, file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(file)));
    }

    [Fact]
    public void Each_service_receives_only_its_own_key_and_no_running_service_can_read_the_CA_key()
    {
        Assert.Equal(["ca.pem", "vault.key", "vault.pem"], volumes.Files.FilesIn("vault-tls").Order().ToArray());
        Assert.Equal(["ca.pem", "directory-sync.key", "directory-sync.pem"],
            volumes.Files.FilesIn("directory-sync-tls").Order().ToArray());
        Assert.Equal(["ca.pem", "gateway.key", "gateway.pem"], volumes.Files.FilesIn("gateway-tls").Order().ToArray());
        Assert.Contains("ca.key", volumes.Files.FilesIn("pki-ca"));
        var holders = Compose.Services.Values.Where(s => s.Volumes.Any(mount => mount.Source == "pki-ca"))
            .Select(s => s.Name);
        Assert.Equal(["pki-init"], holders.ToArray());
    }

    [Fact]
    public void Running_services_mount_their_certificates_and_the_key_ring_read_only()
    {
        foreach (var service in Compose.PasswordSyncServices)
        {
            Assert.All(service.Volumes.Where(mount => mount.Source.EndsWith("-tls", StringComparison.Ordinal)
                    || mount.Source == "vault-keyring"),
                mount => Assert.True(mount.ReadOnly, $"{service.Name} mounts {mount.Source} writable."));
        }
    }

    [Fact]
    public async Task A_second_start_keeps_the_key_ring_and_the_certificates()
    {
        var keyringVolume = volumes.Files.VolumeDirectory("vault-keyring");
        var keyringFile = System.IO.Directory.GetFiles(keyringVolume).Single();
        var keyringBefore = await File.ReadAllBytesAsync(keyringFile, TestContext.Current.CancellationToken);
        var certificate = Path.Combine(volumes.Files.VolumeDirectory("vault-tls"), "vault.pem");
        var certificateBefore = await File.ReadAllTextAsync(certificate, TestContext.Current.CancellationToken);

        var keyring = await InitStep.RunAsync(volumes.Files, "vault-keyring-init", Repository.VaultBin);
        var pki = await InitStep.RunAsync(volumes.Files, "pki-init", Repository.GatewayBin);

        Assert.True(keyring.ExitCode == 0, keyring.Output);
        Assert.True(pki.ExitCode == 0, pki.Output);
        Assert.Equal(keyringBefore, await File.ReadAllBytesAsync(keyringFile, TestContext.Current.CancellationToken));
        Assert.Equal(certificateBefore, await File.ReadAllTextAsync(certificate, TestContext.Current.CancellationToken));
    }
}
