using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>The registered connectors by target kind (every IDirectoryConnector in DI).</summary>
internal sealed class ConnectorCatalog(IEnumerable<IDirectoryConnector> connectors)
{
    private readonly Dictionary<DirectoryKind, IDirectoryConnector> byKind =
        connectors.SelectMany(c => c.Kinds.Select(k => (Kind: k, Connector: c)))
            .GroupBy(x => x.Kind)
            .ToDictionary(g => g.Key, g => g.Last().Connector);

    public IDirectoryConnector For(DirectoryKind kind) =>
        byKind.TryGetValue(kind, out var connector)
            ? connector
            : throw new DirectoryException(FailureClass.Unsupported, Reason.Unsupported,
                $"This directory-sync deployment has no connector for {kind} targets: deploy a version that supports "
                + "them, or register the target with another kind.");
}
