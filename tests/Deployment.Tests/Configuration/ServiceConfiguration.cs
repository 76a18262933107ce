using PasswordSync.Deployment.Tests.Compose;

namespace PasswordSync.Deployment.Tests.Configuration;

/// <summary>A compose service's environment as the .NET configuration sees it: <c>A__B</c> becomes <c>A:B</c>.</summary>
internal static class ServiceConfiguration
{
    public static bool IsSectionKey(string variable) => variable.Contains("__", StringComparison.Ordinal);

    public static string ToKey(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>The configuration keys and their interpolated values (variables from <paramref name="variables"/>).</summary>
    public static IReadOnlyDictionary<string, string> Of(ComposeService service,
        IReadOnlyDictionary<string, string>? variables = null) =>
        service.Environment.Where(entry => IsSectionKey(entry.Key))
            .ToDictionary(entry => ToKey(entry.Key),
                entry => Interpolation.Resolve(entry.Value, variables ?? Interpolation.NoVariables),
                StringComparer.OrdinalIgnoreCase);

    public static ServiceCode CodeOf(ComposeService service) =>
        ServiceCode.ForDll(Dockerfiles.Dockerfile.Load(service.Dockerfile!).EntrypointDll!);
}
