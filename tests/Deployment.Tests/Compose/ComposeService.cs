using PasswordSync.Deployment.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace PasswordSync.Deployment.Tests.Compose;

/// <summary>One service of docker-compose.yml.</summary>
internal sealed class ComposeService(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public YamlMappingNode Node { get; } = node;

    /// <summary>The Dockerfile's path relative to the repository (build.context + build.dockerfile), or null.</summary>
    public string? Dockerfile => Node.Mapping("build") is { } build
        ? Path.GetRelativePath(Repository.Root,
            Repository.PathOf(Path.Combine(build.Scalar("context") ?? ".", build.Scalar("dockerfile") ?? "Dockerfile")))
        : null;

    public string? Image => Node.Scalar("image");

    public IReadOnlyList<string> Profiles => Node.Scalars("profiles");

    public IReadOnlyList<string> Entrypoint => Node.Scalars("entrypoint");

    public IReadOnlyList<string> Command => Node.Scalars("command");

    public IReadOnlyList<string> Ports => Node.Scalars("ports");

    public string? Restart => Node.Scalar("restart");

    /// <summary>The environment, from either compose form (mapping, or a list of KEY=VALUE), values not interpolated.</summary>
    public IReadOnlyDictionary<string, string> Environment => Node.Child("environment") switch
    {
        YamlMappingNode mapping => mapping.Entries()
            .ToDictionary(entry => entry.Key, entry => ((YamlScalarNode)entry.Value).Value ?? "", StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(item => ((YamlScalarNode)item).Value ?? "")
            .Select(item => item.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "", StringComparer.Ordinal),
        _ => new Dictionary<string, string>(StringComparer.Ordinal),
    };

    public IReadOnlyList<VolumeMount> Volumes => Node.Scalars("volumes").Select(VolumeMount.Parse).ToList();

    /// <summary>depends_on in either form: service name → condition (service_started for the short form).</summary>
    public IReadOnlyDictionary<string, string> DependsOn => Node.Child("depends_on") switch
    {
        YamlSequenceNode list => list.Children.ToDictionary(item => ((YamlScalarNode)item).Value ?? "",
            _ => "service_started"),
        YamlMappingNode mapping => mapping.Entries().ToDictionary(entry => entry.Key,
            entry => ((YamlMappingNode)entry.Value).Scalar("condition") ?? "service_started"),
        _ => new Dictionary<string, string>(),
    };

    public IReadOnlyList<string> Secrets => Node.Child("secrets") is YamlSequenceNode list
        ? list.Children.Select(item => item is YamlMappingNode mapping ? mapping.Scalar("source") ?? ""
            : ((YamlScalarNode)item).Value ?? "").ToList()
        : [];

    public IReadOnlyList<string> NetworkNames => Node.Child("networks") switch
    {
        YamlSequenceNode list => list.Children.Select(item => ((YamlScalarNode)item).Value ?? "").ToList(),
        YamlMappingNode mapping => mapping.Entries().Select(entry => entry.Key).ToList(),
        _ => [],
    };

    public IReadOnlyList<string> NetworkAliases => Node.Mapping("networks").Entries()
        .SelectMany(entry => entry.Value is YamlMappingNode network ? network.Scalars("aliases") : []).ToList();

    /// <summary>The named volume mounted at or above <paramref name="containerPath"/>, with the path inside it.</summary>
    public (VolumeMount Mount, string RelativePath)? VolumeHolding(string containerPath) =>
        Volumes.Where(mount => containerPath == mount.Target
                || containerPath.StartsWith(mount.Target.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(mount => mount.Target.Length)
            .Select(mount => ((VolumeMount, string)?)(mount, containerPath[mount.Target.Length..].TrimStart('/')))
            .FirstOrDefault();
}
