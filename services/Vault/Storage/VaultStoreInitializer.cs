namespace PasswordSync.Vault.Storage;

/// <summary>Creates the schema before the service takes requests (hosted services start before the server listens).</summary>
internal sealed class VaultStoreInitializer(IVaultStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
