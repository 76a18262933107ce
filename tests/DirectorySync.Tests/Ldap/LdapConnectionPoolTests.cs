using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Tests.Ldap;

/// <summary>
/// The pool's bookkeeping without a server: keys, and that a connection whose socket is not open is never handed out.
/// (Reuse, idle expiry and recovery against real servers: PooledConnectionTests in ActiveDirectory/ and OpenLdap/.)
/// </summary>
public sealed class LdapConnectionPoolTests
{
    [Fact]
    public void A_connection_that_never_connected_is_not_handed_out_again()
    {
        using var pool = new LdapConnectionPool(new FakeTimeProvider(), LdapConnectionRole.Privileged);
        var connection = new LdapConnection("dc.example.test");

        pool.Return("key", connection);
        Assert.Equal(1, pool.IdleCount);

        // No socket: it cannot be proven alive, so it is disposed rather than rented.
        Assert.Null(pool.TryRent("key"));
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public void Idle_connections_per_key_are_bounded()
    {
        using var pool = new LdapConnectionPool(new FakeTimeProvider(), LdapConnectionRole.Bind);
        for (var i = 0; i < LdapConnectionPool.MaxIdlePerKey + 5; i++)
        {
            pool.Return("key", new LdapConnection("dc.example.test"));
        }

        Assert.Equal(LdapConnectionPool.MaxIdlePerKey, pool.IdleCount);
    }

    [Fact]
    public void The_sweep_closes_connections_idle_past_the_limit()
    {
        var time = new FakeTimeProvider();
        using var pool = new LdapConnectionPool(time, LdapConnectionRole.Privileged);
        pool.Return("key", new LdapConnection("dc.example.test"));

        time.Advance(LdapConnectionPool.IdleLimit + TimeSpan.FromSeconds(31));

        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public void Privileged_key_changes_with_the_privileged_password_and_does_not_contain_it()
    {
        using var pool = new LdapConnectionPool(new FakeTimeProvider(), LdapConnectionRole.Privileged);
        var endpoint = new DirectoryEndpoint("dc.example.test", 636);

        var first = pool.KeyFor(Target("Secret-One-1!"), endpoint);
        var second = pool.KeyFor(Target("Secret-Two-2!"), endpoint);

        Assert.NotEqual(first, second);
        Assert.DoesNotContain("Secret", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_key_ignores_the_privileged_credential_but_not_the_trust_settings()
    {
        using var pool = new LdapConnectionPool(new FakeTimeProvider(), LdapConnectionRole.Bind);
        var endpoint = new DirectoryEndpoint("dc.example.test", 636);

        Assert.Equal(pool.KeyFor(Target("Secret-One-1!"), endpoint), pool.KeyFor(Target("Secret-Two-2!"), endpoint));
        Assert.NotEqual(pool.KeyFor(Target("Secret-One-1!"), endpoint),
            pool.KeyFor(Target("Secret-One-1!") with { CaCertificatePem = "other" }, endpoint));
    }

    private static DirectoryTarget Target(string password) => new("t", DirectoryKind.ActiveDirectory,
        [new DirectoryEndpoint("dc.example.test", 636)], "DC=example,DC=test", "svc", new Secret(password), "pem",
        false, false, false, null, TimeSpan.FromSeconds(5));
}
