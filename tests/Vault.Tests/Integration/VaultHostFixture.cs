namespace PasswordSync.Vault.Tests.Integration;

/// <summary>One vault per test class (xunit class fixture); tests create their own lists so they stay independent.</summary>
public sealed class VaultHostFixture : IAsyncDisposable
{
    public VaultHost Host { get; } = VaultHost.Start();

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Every test of the class passed through this host: none of them may have caused an unexpected error.
            Host.AssertNoErrorsLogged();
        }
        finally
        {
            await Host.DisposeAsync();
        }
    }
}
