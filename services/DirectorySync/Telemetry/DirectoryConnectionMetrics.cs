using System.Diagnostics;
using System.Diagnostics.Metrics;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Telemetry;

/// <summary>
/// Counts the LDAP connections directory-sync opens (each one a TCP connect, a TLS handshake and a bind), by directory
/// kind ("ad" or "ldap"), role ("privileged" or "bind") and server. With the pools working, it grows with concurrency
/// and server restarts, not with the number of operations.
/// </summary>
internal static class DirectoryConnectionMetrics
{
    public const string ConnectionsOpenedName = "passwordsync.directory.connections.opened";
    public const string KindTag = "passwordsync.directory.kind";
    public const string RoleTag = "passwordsync.directory.connection.role";

    public static readonly Counter<long> ConnectionsOpened = DirectoryTelemetry.Meter.CreateCounter<long>(
        ConnectionsOpenedName, "{connection}",
        "LDAP connections opened (connect, TLS handshake, first bind), by directory kind, role and server.");

    public static void Opened(DirectoryKind kind, LdapConnectionRole role, DirectoryEndpoint endpoint) =>
        ConnectionsOpened.Add(1, new TagList
        {
            { KindTag, kind == DirectoryKind.ActiveDirectory ? "ad" : "ldap" },
            { RoleTag, role == LdapConnectionRole.Privileged ? "privileged" : "bind" },
            { DirectoryOperationTags.Server, endpoint.ToString() },
        });
}
