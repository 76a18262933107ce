using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;
using PasswordSync.DirectorySync.Grpc;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// The AD state reader run directly on a connection of the test's own to the real Samba DC, with the service's domain
/// cache on a fake clock (started at the real time, so password ages are real), recording every search it sends.
/// </summary>
internal sealed class LeanStateReadRig : IDisposable
{
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(10);

    private readonly LdapConnection connection;
    private readonly DirectoryTarget target;

    public LeanStateReadRig(string? privilegedUser = null, string? privilegedPassword = null)
    {
        privilegedUser ??= SambaDomain.AdminUser;
        privilegedPassword ??= SambaDomain.AdminPassword;
        connection = SambaDomain.BoundConnection(privilegedUser, privilegedPassword);
        target = new DirectoryTarget("lean-" + Guid.NewGuid().ToString("N")[..8], DirectoryKind.ActiveDirectory, [],
            SambaDomain.BaseDn, privilegedUser, new Secret(privilegedPassword), null, false, false, false, null,
            TimeSpan.FromSeconds(15));
        Cache = new AdDomainCache(Clock,
            Options.Create(new DirectorySyncOptions { LockoutPolicyCacheTime = CacheTime }));
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public AdDomainCache Cache { get; }

    public List<SearchRequest> Sent { get; } = [];

    /// <summary>A state read as directory-sync makes it (domain cache on).</summary>
    /// <param name="knownDn">The DN as directory-sync's DN cache would pass it, or null when not known yet.</param>
    public (AccountState State, bool Lean) Read(string account, string? knownDn = null) =>
        AdAccountStateReader.ReadDetailed(Directory(Cache), new AccountName(account), SambaDomain.Host, knownDn);

    /// <summary>The full read alone (no domain cache: the reader never reads lean without one).</summary>
    public AccountState ReadFull(string account) =>
        AdAccountStateReader.Read(Directory(null), new AccountName(account), SambaDomain.Host);

    /// <summary>The attributes each sent search asked for.</summary>
    public IEnumerable<string[]> RequestedAttributeLists =>
        Sent.Select(r => r.Attributes.Cast<string>().ToArray());

    public int PolicySetSearches => Sent.Count(r => r.Filter is string f && f.Contains("msDS-PasswordSettings",
        StringComparison.OrdinalIgnoreCase) && r.Scope == SearchScope.Subtree);

    public void Dispose() => connection.Dispose();

    private AdDirectory Directory(AdDomainCache? cache) =>
        new(connection, target, SambaDomain.Host, cache) { SentSearches = Sent };
}
