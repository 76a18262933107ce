using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.InitSteps;

/// <summary>
/// The volumes after docker-compose.yml's one-shot steps ran once, for real: pki-init (create-internal-pki from the
/// gateway's build) and vault-keyring-init (create-keyring from the vault's build).
/// </summary>
public sealed class InitializedVolumes : IAsyncLifetime
{
    internal ContainerFileSystem Files { get; } = new();

    internal (int ExitCode, string Output) Pki { get; private set; }

    internal (int ExitCode, string Output) Keyring { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Pki = await InitStep.RunAsync(Files, "pki-init", Repository.GatewayBin);
        Keyring = await InitStep.RunAsync(Files, "vault-keyring-init", Repository.VaultBin);
    }

    public ValueTask DisposeAsync()
    {
        Files.Dispose();
        return ValueTask.CompletedTask;
    }
}
