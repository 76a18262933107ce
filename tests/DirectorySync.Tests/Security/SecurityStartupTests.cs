using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PasswordSync.Directory.V1;
using PasswordSync.Testing;
using Client = PasswordSync.Directory.V1.DirectorySync.DirectorySyncClient;

namespace PasswordSync.DirectorySync.Tests.Security;

/// <summary>Directory-sync's security configuration is checked at start-up; the insecure local mode is explicit and loud.</summary>
public sealed class SecurityStartupTests
{
    [Fact]
    public async Task Start_up_without_certificates_and_without_the_insecure_opt_in_fails_and_says_what_to_set()
    {
        var error = await StartupFailure.OfAsync(() =>
            MtlsDirectorySyncHost.Factory(new LogCapture(), new Dictionary<string, string?>()));

        Assert.Contains("DirectorySync:Security", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServerCertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClientCaPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowInsecureLocalCalls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_with_a_missing_CA_file_fails_naming_it()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pwsync-dirsync-startup-").FullName;
        try
        {
            var pki = ServiceDefaults.InternalTls.InternalPki.Ensure(directory);
            var error = await StartupFailure.OfAsync(() => MtlsDirectorySyncHost.Factory(new LogCapture(),
                new Dictionary<string, string?>
                {
                    ["DirectorySync:Security:ServerCertificatePath"] = pki.DirectorySyncCertificate,
                    ["DirectorySync:Security:ServerKeyPath"] = pki.DirectorySyncKey,
                    ["DirectorySync:Security:ClientCaPath"] = Path.Combine(directory, "missing-ca.pem"),
                }));

            Assert.Contains("DirectorySync:Security: cannot load ClientCaPath", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Insecure_local_mode_serves_gRPC_over_h2c_on_loopback_and_says_so_loudly()
    {
        var logs = new LogCapture();
        var (grpcPort, healthPort) = MtlsDirectorySyncHost.TwoFreePorts();
        await using var factory = MtlsDirectorySyncHost.Factory(logs, new Dictionary<string, string?>
        {
            ["DirectorySync:Security:AllowInsecureLocalCalls"] = "true",
            ["DirectorySync:Security:GrpcPort"] = grpcPort.ToString(),
            ["DirectorySync:Security:HealthPort"] = healthPort.ToString(),
        });
        factory.UseKestrel();
        factory.StartServer();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");

        var error = await Assert.ThrowsAsync<RpcException>(() => new Client(channel)
            .GetAccountStateAsync(new GetAccountStateRequest(), cancellationToken: TestContext.Current.CancellationToken)
            .ResponseAsync);

        // Admitted as the gateway (a local call), so the request reached validation.
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Critical
            && e.Text.Contains("INSECURE: DirectorySync:Security:AllowInsecureLocalCalls", StringComparison.Ordinal));
        using var http = new HttpClient();
        using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/health"),
            TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }
}
