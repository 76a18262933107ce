using PasswordSync.ServiceDefaults;
using PasswordSync.Vault;
using PasswordSync.Vault.Keyrings;

// Key ring administration (create-keyring, add-kek, ...) runs without starting the service.
if (KeyringCommands.TryRun(args) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVault();

var app = builder.Build();
app.MapVault();
app.MapDefaultEndpoints();
app.Run();
return 0;

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;
