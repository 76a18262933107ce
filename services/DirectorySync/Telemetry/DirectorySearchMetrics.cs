using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.DirectoryServices.Protocols;

namespace PasswordSync.DirectorySync.Telemetry;

/// <summary>
/// Counts the LDAP searches directory-sync sends to Active Directory domain controllers, by server and scope. On a DC
/// each search has a fixed cost that dominates small reads (docs/ad-state-read.md), so this is the number to watch
/// when judging how much work a sync report or a check puts on a DC.
/// </summary>
internal static class DirectorySearchMetrics
{
    public const string SearchesSentName = "passwordsync.directory.ad.searches";
    public const string ScopeTag = "passwordsync.directory.search.scope";

    public static readonly Counter<long> SearchesSent = DirectoryTelemetry.Meter.CreateCounter<long>(
        SearchesSentName, "{search}", "LDAP searches sent to Active Directory domain controllers, by server and scope.");

    public static void Sent(string server, SearchScope scope) =>
        SearchesSent.Add(1, new TagList
        {
            { DirectoryOperationTags.Server, server },
            {
                ScopeTag, scope switch
                {
                    SearchScope.Base => "base",
                    SearchScope.OneLevel => "onelevel",
                    _ => "subtree",
                }
            },
        });
}
