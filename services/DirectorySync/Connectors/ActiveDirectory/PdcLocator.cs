using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Puts the PDC emulator first in a target's DC order: password changes reach it first in AD, so writes and the
/// verifies that follow agree soonest there. Found through the domain head's fsmoRoleOwner (the PDC's NTDS Settings
/// object, whose parent server object carries its dNSHostName). The answer is cached for a few minutes per target;
/// when it cannot be found the target's own order stays.
/// </summary>
internal sealed class PdcLocator(TimeProvider time, ILogger<PdcLocator> logger)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, string? PdcHost)> cache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<DirectoryEndpoint>> OrderAsync(DirectoryTarget target, AdConnector connector,
        CancellationToken cancellationToken)
    {
        if (target.Endpoints.Count < 2)
        {
            return target.Endpoints;
        }

        var key = target.Id + "|" + string.Join(",", target.Endpoints);
        if (!cache.TryGetValue(key, out var known) || time.GetUtcNow() - known.At > CacheFor)
        {
            known = (time.GetUtcNow(), await FindPdcHostAsync(target, connector, cancellationToken));
            cache[key] = known;
        }

        var pdc = target.Endpoints.FirstOrDefault(e => string.Equals(e.Host, known.PdcHost, StringComparison.OrdinalIgnoreCase));
        return pdc is null ? target.Endpoints : [pdc, .. target.Endpoints.Where(e => !ReferenceEquals(e, pdc))];
    }

    public async Task<string?> FindPdcHostAsync(DirectoryTarget target, AdConnector connector,
        CancellationToken cancellationToken)
    {
        foreach (var endpoint in target.Endpoints)
        {
            try
            {
                var host = await connector.WithPrivilegedAsync(target, endpoint, "finding the PDC emulator", directory =>
                {
                    var head = directory.ReadEntry(directory.DomainDn(), "fSMORoleOwner");
                    var ntdsSettings = head is null ? null : AdEntry.String(head, "fSMORoleOwner");
                    var separator = ntdsSettings?.IndexOf(',') ?? -1;
                    if (separator < 0)
                    {
                        return null;
                    }

                    var serverObject = directory.ReadEntry(ntdsSettings![(separator + 1)..], "dNSHostName");
                    return serverObject is null ? null : AdEntry.String(serverObject, "dNSHostName");
                }, cancellationToken);
                if (host is not null)
                {
                    AdConnectorLog.PdcFound(logger, target.Id, host);
                }

                return host;
            }
            catch (DirectoryException e)
            {
                // Discovery is an optimisation: the operation itself will report this DC's problem properly.
                AdConnectorLog.PdcNotFound(logger, target.Id, e.Reason.ToString());
            }
        }

        return null;
    }
}
