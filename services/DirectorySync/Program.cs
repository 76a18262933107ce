using PasswordSync.DirectorySync;
using PasswordSync.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDirectorySync();

var app = builder.Build();
app.MapDirectorySync();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;
