using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;
using System.Security.Cryptography;
using System.Text;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Reuses privileged connections for bulk work. A rented connection belongs to one caller at a time (LDAP handles
/// are not shared across threads), and a connection idle for longer than <see cref="IdleLimit"/> is closed by a
/// sweep, so none lingers bound to a DC. Connections bound as an end user are never pooled.
/// </summary>
internal sealed class AdConnectionPool : IDisposable
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, ConcurrentBag<IdleConnection>> idle = new(StringComparer.Ordinal);
    // The pool key includes the privileged password (so a changed credential never reuses an old bind) as an HMAC
    // under a per-process random key: the key itself never holds anything reversible.
    private readonly byte[] keySalt = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider time;
    private readonly ITimer sweeper;

    public AdConnectionPool(TimeProvider time)
    {
        this.time = time;
        sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    public string KeyFor(DirectoryTarget target, DirectoryEndpoint endpoint)
    {
        var material = Encoding.UTF8.GetBytes(
            $"{endpoint}\n{target.PrivilegedAccount}\n{target.PrivilegedPassword.Reveal()}\n{target.CaCertificatePem}\n{target.AcceptAnyCertificate}");
        return Convert.ToHexString(HMACSHA256.HashData(keySalt, material));
    }

    public LdapConnection? TryRent(string key)
    {
        if (!idle.TryGetValue(key, out var bag))
        {
            return null;
        }

        while (bag.TryTake(out var candidate))
        {
            if (time.GetUtcNow() - candidate.Since < IdleLimit)
            {
                return candidate.Connection;
            }

            candidate.Connection.Dispose();
        }

        return null;
    }

    public void Return(string key, LdapConnection connection) =>
        idle.GetOrAdd(key, _ => []).Add(new IdleConnection(connection, time.GetUtcNow()));

    private void Sweep()
    {
        foreach (var bag in idle.Values)
        {
            var keep = new List<IdleConnection>();
            while (bag.TryTake(out var candidate))
            {
                if (time.GetUtcNow() - candidate.Since < IdleLimit)
                {
                    keep.Add(candidate);
                }
                else
                {
                    candidate.Connection.Dispose();
                }
            }

            foreach (var candidate in keep)
            {
                bag.Add(candidate);
            }
        }
    }

    public void Dispose()
    {
        sweeper.Dispose();
        foreach (var bag in idle.Values)
        {
            while (bag.TryTake(out var candidate))
            {
                candidate.Connection.Dispose();
            }
        }
    }

    private sealed record IdleConnection(LdapConnection Connection, DateTimeOffset Since);
}
