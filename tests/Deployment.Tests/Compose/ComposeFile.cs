using PasswordSync.Deployment.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace PasswordSync.Deployment.Tests.Compose;

/// <summary>docker-compose.yml as the tests read it (parsed with YamlDotNet; no Docker engine or compose CLI here).</summary>
internal sealed class ComposeFile
{
    public const string RelativePath = "docker-compose.yml";

    private ComposeFile(YamlMappingNode root)
    {
        Root = root;
        Services = root.Mapping("services").Entries()
            .ToDictionary(entry => entry.Key, entry => new ComposeService(entry.Key, (YamlMappingNode)entry.Value));
    }

    public static ComposeFile Repository { get; } = new(YamlNodes.Load(Infrastructure.Repository.PathOf(RelativePath)));

    public YamlMappingNode Root { get; }

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public IReadOnlySet<string> TopLevelNames(string section) =>
        Root.Mapping(section).Entries().Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal);

    public ComposeService Service(string name) =>
        Services.TryGetValue(name, out var service) ? service : throw new KeyNotFoundException($"No service '{name}'.");

    /// <summary>The long-running PasswordSync services: built from a Dockerfile and started by its own ENTRYPOINT.</summary>
    public IEnumerable<ComposeService> PasswordSyncServices =>
        Services.Values.Where(service => service.Dockerfile is not null && service.Entrypoint.Count == 0
            && Dockerfiles.Dockerfile.Load(service.Dockerfile).EntrypointDll is not null);
}
