using PasswordSync.Gateway;
using PasswordSync.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public so tests can host it in-process.</summary>
public partial class Program;
