using System.Reflection;

namespace PasswordSync.Deployment.Tests.Infrastructure;

/// <summary>Where the repository and the services' build folders are (baked in at build time by the project file).</summary>
internal static class Repository
{
    public static string Root { get; } = Path.GetFullPath(Metadata("RepositoryRoot"));

    public static string VaultBin => Path.GetFullPath(Metadata("VaultBin"));

    public static string DirectorySyncBin => Path.GetFullPath(Metadata("DirectorySyncBin"));

    public static string GatewayBin => Path.GetFullPath(Metadata("GatewayBin"));

    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public static string ReadText(string relative) => File.ReadAllText(PathOf(relative));

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}
