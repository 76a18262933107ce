using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>Pooled privileged connections: one user at a time, never kept idle past the limit.</summary>
public sealed class AdConnectionPoolTests
{
    [Fact]
    public void A_returned_connection_is_rented_once_and_not_after_the_idle_limit()
    {
        var time = new FakeTimeProvider();
        using var pool = new AdConnectionPool(time);
        using var connection = new LdapConnection("dc.example.test");

        pool.Return("key", connection);
        Assert.Same(connection, pool.TryRent("key"));
        Assert.Null(pool.TryRent("key")); // rented: nobody else gets it

        pool.Return("key", connection);
        time.Advance(AdConnectionPool.IdleLimit + TimeSpan.FromSeconds(1));
        Assert.Null(pool.TryRent("key"));
    }

    [Fact]
    public void Pool_key_changes_with_the_privileged_password_and_does_not_contain_it()
    {
        using var pool = new AdConnectionPool(new FakeTimeProvider());
        var endpoint = new DirectoryEndpoint("dc.example.test", 636);

        var first = pool.KeyFor(Target("Secret-One-1!"), endpoint);
        var second = pool.KeyFor(Target("Secret-Two-2!"), endpoint);

        Assert.NotEqual(first, second);
        Assert.DoesNotContain("Secret", first, StringComparison.Ordinal);
    }

    private static DirectoryTarget Target(string password) => new("t", DirectoryKind.ActiveDirectory,
        [new DirectoryEndpoint("dc.example.test", 636)], "DC=example,DC=test", "svc", new Secret(password), "pem",
        false, false, false, null, TimeSpan.FromSeconds(5));
}
