using YamlDotNet.RepresentationModel;

namespace PasswordSync.Deployment.Tests.Infrastructure;

/// <summary>Small, strict accessors over YamlDotNet's representation model.</summary>
internal static class YamlNodes
{
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Single().RootNode as YamlMappingNode
            ?? throw new InvalidDataException($"{path}: the document is not a mapping.");
    }

    public static YamlNode? Child(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Mapping(this YamlMappingNode node, string key) => node.Child(key) as YamlMappingNode;

    public static string? Scalar(this YamlMappingNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    /// <summary>A sequence of scalars, or a single scalar as a one-item list; empty when absent.</summary>
    public static IReadOnlyList<string> Scalars(this YamlMappingNode node, string key) => node.Child(key) switch
    {
        YamlSequenceNode sequence => sequence.Children.Select(item => ((YamlScalarNode)item).Value ?? "").ToList(),
        YamlScalarNode scalar => [scalar.Value ?? ""],
        _ => [],
    };

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode? node) =>
        node?.Children.Select(entry => (((YamlScalarNode)entry.Key).Value ?? "", entry.Value)) ?? [];
}
