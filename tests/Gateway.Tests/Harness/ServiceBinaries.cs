using System.Reflection;

namespace PasswordSync.Gateway.Tests.Harness;

/// <summary>Where the build put the services the harness runs as processes (same configuration as the tests).</summary>
public static class ServiceBinaries
{
    public static string Vault => Path.GetFullPath(Metadata("VaultDll"));

    public static string DirectorySync => Path.GetFullPath(Metadata("DirectorySyncDll"));

    public static string Gateway => Path.GetFullPath(Metadata("GatewayDll"));

    private static string Metadata(string key) =>
        typeof(ServiceBinaries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value!;
}
