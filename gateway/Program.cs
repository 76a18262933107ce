using PasswordSync.Gateway;
using PasswordSync.Gateway.Internal;
using PasswordSync.ServiceDefaults;

// Internal PKI generation (create-internal-pki) runs without starting the service.
if (InternalPkiCommand.TryRun(args) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.MapDefaultEndpoints();
app.Run();
return 0;

/// <summary>Entry point, public so tests can host it in-process.</summary>
public partial class Program;
