using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PasswordSync.Deployment.Tests.Compose;
using PasswordSync.Deployment.Tests.Configuration;
using PasswordSync.Deployment.Tests.Dockerfiles;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.InitSteps;

/// <summary>
/// Each service, started as a real process with the environment docker-compose.yml gives it (paths mapped into the
/// volumes the init steps filled), passes the HEALTHCHECK of its own Dockerfile: the ports, TLS certificates and CA
/// the probe uses are the ones the service really serves. What differs from a container, and why:
/// - the listen address is a loopback address of this machine's own (0.0.0.0 would take the port on every interface
///   of a machine shared with other test runs), and the probe connects there with curl's --connect-to, keeping the
///   host name "localhost" it validates the certificate against;
/// - the vault uses the SQLite store: no MongoDB server can run on the build machines (notes/environment.md).
/// </summary>
public sealed class ServiceStartTests(InitializedVolumes volumes) : IClassFixture<InitializedVolumes>
{
    private const string ListenAddress = "127.0.0.61";

    [Fact]
    public async Task Directory_sync_starts_with_the_compose_environment_and_passes_its_image_health_check()
    {
        await StartAndProbeAsync("directory-sync", Repository.DirectorySyncBin, new Dictionary<string, string>
        {
            ["DirectorySync__Security__ListenAddress"] = ListenAddress,
        });
    }

    [Fact]
    public async Task Vault_starts_with_the_compose_key_ring_and_certificates_and_passes_its_image_health_check()
    {
        var database = Path.Combine(volumes.Files.VolumeDirectory("vault-test-sqlite"), "vault.db");
        await StartAndProbeAsync("vault", Repository.VaultBin, new Dictionary<string, string>
        {
            ["Vault__Security__ListenAddress"] = ListenAddress,
            // MongoDB cannot run here: the same vault on its embedded store (see the class comment).
            ["Vault__Storage__Provider"] = "Sqlite",
            ["Vault__Storage__Sqlite__Path"] = database,
        });
    }

    [Fact]
    public async Task Gateway_starts_with_the_compose_environment_and_passes_its_image_health_check()
    {
        // The vault and directory-sync are not reachable under their compose names here; the gateway still starts
        // (its bootstrap retries in the background) and serves /health, which is what its probe asks.
        await StartAndProbeAsync("gateway", Repository.GatewayBin, new Dictionary<string, string>
        {
            ["Gateway__Public__ListenAddress"] = ListenAddress,
        });
    }

    private async Task StartAndProbeAsync(string name, string workingDirectory, Dictionary<string, string> overrides)
    {
        Assert.True(volumes.Pki.ExitCode == 0 && volumes.Keyring.ExitCode == 0, volumes.Pki.Output + volumes.Keyring.Output);
        var service = ComposeFile.Repository.Service(name);
        var configuration = ServiceConfiguration.Of(service);
        var code = ServiceConfiguration.CodeOf(service);
        var ports = new[] { code.GrpcPort(configuration), code.HealthPort(configuration) }.OfType<int>().ToList();
        foreach (var port in ports)
        {
            SkipWhenTaken(port);
        }

        var environment = service.Environment.ToDictionary(entry => entry.Key,
            entry => volumes.Files.MapPaths(service, Interpolation.Resolve(entry.Value, Interpolation.NoVariables)));
        environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in overrides)
        {
            environment[key] = value;
        }

        var dockerfile = Dockerfile.Load(service.Dockerfile!);
        var probe = volumes.Files.MapPaths(service, dockerfile.HealthcheckCommand!)
            .Replace(" || exit 1", "", StringComparison.Ordinal);
        var health = code.HealthPort(configuration);
        probe = probe.Replace("curl ", $"curl --connect-to localhost:{health}:{ListenAddress}:{health} ",
            StringComparison.Ordinal);

        using var process = Process.Start(ProcessRun.StartInfo(workingDirectory, environment, "dotnet",
            [dockerfile.EntrypointDll!]))!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var (exitCode, probeOutput) = (1, "");
            // Bounded: 60 probes, 1 s apart (the images allow a 20 s start period and 5 retries of 15 s).
            for (var attempt = 0; attempt < 60 && exitCode != 0 && !process.HasExited; attempt++)
            {
                (exitCode, probeOutput) = await ProcessRun.RunAsync(workingDirectory, new Dictionary<string, string>(),
                    "sh", "-c", probe);
                if (exitCode != 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
                }
            }

            string log;
            lock (output)
            {
                log = output.ToString();
            }

            Assert.True(exitCode == 0, $"{name}: the image's health check `{probe}` failed: {probeOutput}\n{log}");
            Assert.Equal("Healthy", probeOutput.Trim());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static void SkipWhenTaken(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Parse(ListenAddress), port);
            listener.Start();
        }
        catch (SocketException)
        {
            Assert.Skip($"Port {port} on {ListenAddress} is taken by another process on this shared machine.");
        }
    }
}
