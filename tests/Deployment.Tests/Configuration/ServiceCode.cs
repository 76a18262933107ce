using System.Reflection;
using PasswordSync.DirectorySync.Security;
using PasswordSync.Gateway.Edge;
using PasswordSync.ServiceDefaults.InternalTls;
using PasswordSync.Vault.Security;

namespace PasswordSync.Deployment.Tests.Configuration;

/// <summary>
/// What the code of one deployable says about how it must be run: its assembly, the configuration keys it reads and
/// the ports it listens on (defaults from the code, overridden by the same keys a deployment sets).
/// </summary>
internal sealed class ServiceCode
{
    private ServiceCode(Assembly assembly, InternalTlsService? internalTls)
    {
        Assembly = assembly;
        InternalTls = internalTls;
        Keys = ConfigurationKeys.Of(assembly);
    }

    public static ServiceCode Vault { get; } = new(typeof(SecurityExtensions).Assembly, SecurityExtensions.Service);

    public static ServiceCode DirectorySync { get; } =
        new(typeof(DirectorySyncSecurityExtensions).Assembly, DirectorySyncSecurityExtensions.Service);

    public static ServiceCode Gateway { get; } = new(typeof(PublicEndpointOptions).Assembly, internalTls: null);

    public static IReadOnlyList<ServiceCode> All { get; } = [Vault, DirectorySync, Gateway];

    public Assembly Assembly { get; }

    public string AssemblyName => Assembly.GetName().Name!;

    /// <summary>For vault and directory-sync: their mutual-TLS section and default ports.</summary>
    public InternalTlsService? InternalTls { get; }

    public ConfigurationKeys Keys { get; }

    public static ServiceCode ForDll(string dll) =>
        All.SingleOrDefault(code => $"{code.AssemblyName}.dll" == dll)
        ?? throw new KeyNotFoundException($"{dll} is not the assembly of vault, directory-sync or the gateway.");

    /// <summary>The internal gRPC port (mutual TLS) given the service's environment, or null for the gateway.</summary>
    public int? GrpcPort(IReadOnlyDictionary<string, string> configuration) => InternalTls is { } tls
        ? Port(configuration, $"{tls.SectionName}:{nameof(InternalTlsOptions.GrpcPort)}", tls.DefaultGrpcPort)
        : null;

    /// <summary>The port /health is served on: the internal health port, or the gateway's public HTTPS port.</summary>
    public int HealthPort(IReadOnlyDictionary<string, string> configuration) => InternalTls is { } tls
        ? Port(configuration, $"{tls.SectionName}:{nameof(InternalTlsOptions.HealthPort)}", tls.DefaultHealthPort)
        : PublicPort(configuration)!.Value;

    public int? PublicPort(IReadOnlyDictionary<string, string> configuration) => this == Gateway
        ? Port(configuration, $"{PublicEndpointOptions.Section}:{nameof(PublicEndpointOptions.Port)}",
            new PublicEndpointOptions().Port)
        : null;

    /// <summary>True when the service's internal endpoints use TLS (a server certificate is configured).</summary>
    public bool ServesTls(IReadOnlyDictionary<string, string> configuration) => InternalTls is not { } tls
        || configuration.ContainsKey($"{tls.SectionName}:{nameof(InternalTlsOptions.ServerCertificatePath)}")
        || configuration.ContainsKey($"{tls.SectionName}:{nameof(InternalTlsOptions.ServerPfxPath)}");

    private static int Port(IReadOnlyDictionary<string, string> configuration, string key, int fallback) =>
        configuration.TryGetValue(key, out var value)
            ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : fallback;
}
