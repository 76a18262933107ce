using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Security;

/// <summary>The security configuration is checked at start-up, and the insecure local mode is explicit and loud.</summary>
public sealed class SecurityStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pwsync-security-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Start_up_without_certificates_and_without_the_insecure_opt_in_fails_and_says_what_to_set()
    {
        using var factory = Factory(new LogCapture(), new Dictionary<string, string?>());
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = Assert.IsType<OptionsValidationException>(Unwrap(error));
        Assert.Contains("ServerCertificatePath", validation.Message, StringComparison.Ordinal);
        Assert.Contains("ClientCaPath", validation.Message, StringComparison.Ordinal);
        Assert.Contains("AllowInsecureLocalCalls", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_with_a_missing_CA_file_fails_naming_it()
    {
        using var pki = new TestPki();
        var (certificate, key, _) = pki.WriteServerFiles(_directory);
        using var factory = Factory(new LogCapture(), new Dictionary<string, string?>
        {
            ["Vault:Security:ServerCertificatePath"] = certificate,
            ["Vault:Security:ServerKeyPath"] = key,
            ["Vault:Security:ClientCaPath"] = Path.Combine(_directory, "missing-ca.pem"),
        });
        var validation = Assert.IsType<OptionsValidationException>(Unwrap(Assert.ThrowsAny<Exception>(() =>
            factory.CreateClient())));
        Assert.Contains("ClientCaPath", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_local_mode_treats_in_process_calls_as_the_gateway_and_logs_it_loudly()
    {
        var logs = new LogCapture();
        await using var factory = Factory(logs, new Dictionary<string, string?>
        {
            ["Vault:Security:AllowInsecureLocalCalls"] = "true",
        });
        using var channel = GrpcChannel.ForAddress(factory.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });

        var targets = await new TargetService.TargetServiceClient(channel).ListTargetsAsync(new ListTargetsRequest(),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(targets.Targets);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Critical && l.Text.Contains("INSECURE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Insecure_local_mode_on_Kestrel_serves_gRPC_over_h2c_on_loopback()
    {
        var (grpcPort, healthPort) = MtlsVaultHost.TwoFreePorts();
        await using var factory = Factory(new LogCapture(), new Dictionary<string, string?>
        {
            ["Vault:Security:AllowInsecureLocalCalls"] = "true",
            ["Vault:Security:GrpcPort"] = grpcPort.ToString(),
            ["Vault:Security:HealthPort"] = healthPort.ToString(),
        });
        factory.UseKestrel();
        factory.StartServer();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");

        var targets = await new TargetService.TargetServiceClient(channel).ListTargetsAsync(new ListTargetsRequest(),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(targets.Targets);
        using var http = new HttpClient();
        using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/health"),
            TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    private WebApplicationFactory<Program> Factory(LogCapture logs, Dictionary<string, string?> settings)
    {
        settings["Vault:Storage:Sqlite:Path"] = Path.Combine(_directory, "vault.db");
        settings["PASSWORDSYNC_VAULT_KEYRING"] = VaultHostState.KeyringWith(1, (1, RandomNumberGenerator.GetBytes(32)));
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (name, value) in settings)
            {
                builder.UseSetting(name, value);
            }

            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        });
    }

    private static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;
}
