using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;
using System.Security.Cryptography;
using System.Text;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// Reuses established LDAP connections of one role (<see cref="LdapConnectionRole"/>), for the AD and OpenLDAP
/// connectors. A rented connection belongs to one caller at a time (LDAP handles are not shared across threads); it
/// goes back only after a clean operation (the caller decides). A connection idle for longer than
/// <see cref="IdleLimit"/> is closed by a sweep, so none lingers bound to a server; at most
/// <see cref="MaxIdlePerKey"/> idle connections are kept per key (a burst opens more; the extra ones are closed when
/// returned). A rented connection is checked first: one the server already closed (idle timeout, restart, a cut) is
/// disposed, never handed out (<see cref="LdapSocketLiveness"/>).
/// </summary>
internal sealed class LdapConnectionPool : IDisposable
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(2);

    /// <summary>Above the service's default bulk parallelism (4) and the bench's 16 connections.</summary>
    public const int MaxIdlePerKey = 16;

    private readonly ConcurrentDictionary<string, ConcurrentStack<IdleConnection>> idle = new(StringComparer.Ordinal);
    // The key includes the privileged password (so a changed credential never reuses an old bind) as an HMAC under a
    // per-process random key: the key itself never holds anything reversible.
    private readonly byte[] keySalt = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider time;
    private readonly ITimer sweeper;

    public LdapConnectionPool(TimeProvider time, LdapConnectionRole role)
    {
        this.time = time;
        Role = role;
        sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    public LdapConnectionRole Role { get; }

    /// <summary>
    /// The pool key of one endpoint of a target: the endpoint, the TLS trust (CA, accept-any, transport) and, for
    /// privileged connections, the privileged account and password. Bind connections carry no credential of the
    /// target, so targets that reach the same server the same way share them.
    /// </summary>
    public string KeyFor(DirectoryTarget target, DirectoryEndpoint endpoint)
    {
        var credential = Role == LdapConnectionRole.Privileged
            ? $"{target.PrivilegedAccount}\n{target.PrivilegedPassword.Reveal()}"
            : "";
        var material = Encoding.UTF8.GetBytes(
            $"{Role}\n{target.Kind}\n{endpoint}\n{LdapTransports.For(target)}\n{target.CaCertificatePem}\n"
            + $"{target.AcceptAnyCertificate}\n{credential}");
        try
        {
            return Convert.ToHexString(HMACSHA256.HashData(keySalt, material));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>An idle connection of this key that still looks connected, or null (then the caller opens one).</summary>
    public LdapConnection? TryRent(string key)
    {
        if (!idle.TryGetValue(key, out var stack))
        {
            return null;
        }

        // Most recently returned first: the warmest connection, and the least likely to have been closed meanwhile.
        while (stack.TryPop(out var candidate))
        {
            if (time.GetUtcNow() - candidate.Since < IdleLimit && LdapSocketLiveness.LooksConnected(candidate.Connection))
            {
                return candidate.Connection;
            }

            candidate.Connection.Dispose();
        }

        return null;
    }

    /// <summary>Gives a connection back after a clean operation (closes it when the key already keeps enough).</summary>
    public void Return(string key, LdapConnection connection)
    {
        var stack = idle.GetOrAdd(key, _ => new ConcurrentStack<IdleConnection>());
        if (stack.Count >= MaxIdlePerKey)
        {
            connection.Dispose();
            return;
        }

        stack.Push(new IdleConnection(connection, time.GetUtcNow()));
    }

    /// <summary>Idle connections held now, over all keys (for tests and diagnostics).</summary>
    public int IdleCount => idle.Values.Sum(stack => stack.Count);

    private void Sweep()
    {
        foreach (var stack in idle.Values)
        {
            var keep = new List<IdleConnection>();
            while (stack.TryPop(out var candidate))
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

            // Pushed back oldest first, so the most recently used stays on top.
            foreach (var candidate in keep.OrderBy(c => c.Since))
            {
                stack.Push(candidate);
            }
        }
    }

    public void Dispose()
    {
        sweeper.Dispose();
        foreach (var stack in idle.Values)
        {
            while (stack.TryPop(out var candidate))
            {
                candidate.Connection.Dispose();
            }
        }
    }

    private sealed record IdleConnection(LdapConnection Connection, DateTimeOffset Since);
}
