using PasswordSync.Vault;
using PasswordSync.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVault();

var app = builder.Build();
app.MapVault();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;
