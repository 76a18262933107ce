namespace PasswordSync.DirectorySync;

/// <summary>The one place where the DirectorySync service is wired.</summary>
public static class DirectorySyncExtensions
{
    public static IHostApplicationBuilder AddDirectorySync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrpc();
        return builder;
    }

    public static WebApplication MapDirectorySync(this WebApplication app) => app;
}
