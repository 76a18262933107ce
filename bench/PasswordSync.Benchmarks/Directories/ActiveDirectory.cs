using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Text;
using PasswordSync.Benchmarks.Measuring;

namespace PasswordSync.Benchmarks.Directories;

/// <summary>
/// The Samba AD DC as the harness's own minimal client sees it: bulk account creation, raw admin resets
/// (replace unicodePwd) and raw binds, each on a fixed number of LDAPS connections. This is the directory's own limit
/// the product is compared with.
/// </summary>
internal sealed class ActiveDirectory(ServerSettings servers)
{
    private const int CreateWorkers = 4;

    public LdapsConnections Connections { get; } = new(servers["SAMBA_HOST"],
        int.Parse(servers["SAMBA_PORT"], CultureInfo.InvariantCulture), servers["SAMBA_CA_PEM"]);

    public string Realm { get; } = servers["SAMBA_REALM"];

    public string DomainName => Realm.ToLowerInvariant();

    public string NetBiosName => servers["SAMBA_DOMAIN"];

    public string BaseDn { get; } = servers["SAMBA_BASE_DN"];

    public string UsersDn { get; } = servers["SAMBA_USERS_DN"];

    public string AdminUser { get; } = servers["SAMBA_ADMIN_USER"];

    public string AdminPassword { get; } = servers["SAMBA_ADMIN_PASSWORD"];

    public string Endpoint => $"{servers["SAMBA_HOST"]}:{servers["SAMBA_PORT"]}";

    public string CaPem => File.ReadAllText(servers["SAMBA_CA_PEM"]);

    /// <summary>The DC's own database (next to its TLS folder): what samba-tool on the DC works on.</summary>
    public string SamLdbPath => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(servers["SAMBA_CA_PEM"])!, "..", "sam.ldb"));

    public LdapConnection AdminConnection() => Connections.OpenAs(AdminUser, AdminPassword);

    /// <summary>Enabled accounts bench-RUN-00001.., each with its own password (unicodePwd on add over LDAPS).</summary>
    public async Task<IReadOnlyList<BenchAccount>> CreateAccountsAsync(string runId, int count)
    {
        var accounts = Enumerable.Range(1, count).Select(number =>
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"bench-{runId}-{number:D5}");
            return new BenchAccount(name, $"CN={name},{UsersDn}", $"{name}@{DomainName}", BenchPasswords.New());
        }).ToArray();
        var created = await ConnectionWorkers.RunAsync(accounts, CreateWorkers, AdminConnection, (connection, account) =>
            connection.SendRequest(new AddRequest(account.Dn,
                new DirectoryAttribute("objectClass", "user"),
                new DirectoryAttribute("sAMAccountName", account.UserName),
                new DirectoryAttribute("userPrincipalName", account.BindName),
                new DirectoryAttribute("unicodePwd", QuotedUtf16(account.Password)),
                new DirectoryAttribute("userAccountControl", "512"))));
        return created.Failures == 0
            ? accounts
            : throw new InvalidOperationException(
                $"{created.Failures} of {count} AD accounts could not be created: {created.FirstFailure}");
    }

    /// <summary>Admin resets (replace unicodePwd) of every account to a new password, on <paramref name="connections"/> connections.</summary>
    public Task<WorkResult> ResetAllAsync(IReadOnlyList<BenchAccount> accounts, int connections) =>
        ConnectionWorkers.RunAsync(accounts, connections, AdminConnection, (connection, account) =>
        {
            var password = BenchPasswords.New();
            var modification = new DirectoryAttributeModification
            {
                Name = "unicodePwd",
                Operation = DirectoryAttributeOperation.Replace,
            };
            modification.Add(QuotedUtf16(password));
            connection.SendRequest(new ModifyRequest(account.Dn, modification));
            account.Password = password;
        });

    /// <summary>
    /// One simple bind per account with its known password, rebinding persistent connections: the most binds the DC
    /// takes at this concurrency. A refused bind counts as a failure.
    /// </summary>
    public Task<WorkResult> BindAllAsync(IReadOnlyList<BenchAccount> accounts, int connections) =>
        ConnectionWorkers.RunAsync(accounts, connections, Connections.Open, (connection, account) =>
            connection.Bind(new NetworkCredential(account.BindName, account.Password)));

    /// <summary>
    /// What a lockout-safe check asks of the DC at the least, per account: read the account's failure count, lockout
    /// time and flags with the privileged connection (a base read of <see cref="PlainStateAttributes"/>: no constructed
    /// attribute), then bind as the account on a connection of its own, the way directory-sync keeps a privileged and a
    /// bind connection. The raw bind loop only binds; this is the directory's own limit for a check that must not lock
    /// the account. A refused bind counts as a failure.
    /// </summary>
    public Task<WorkResult> ReadStateThenBindAllAsync(IReadOnlyList<BenchAccount> accounts, int connections) =>
        ConnectionWorkers.RunAsync(accounts, connections, () => new ConnectionPair(AdminConnection(), Connections.Open()),
            (pair, account) =>
            {
                pair.Privileged.SendRequest(new SearchRequest(account.Dn, "(objectClass=*)", SearchScope.Base,
                    PlainStateAttributes));
                pair.Bind.Bind(new NetworkCredential(account.BindName, account.Password));
            });

    /// <summary>
    /// The same with the states read ahead, as the product's sync report reads them: one subtree search for the plain
    /// state attributes of <paramref name="readAhead"/> accounts at a time (a filter ORing their sAMAccountNames) on the
    /// privileged connection, then each account's bind. Samba's cost of a search is mostly per search, not per entry,
    /// so this is the directory's own limit for lockout-safe checks that read ahead. A refused bind (or a state missing
    /// from the answer) counts as a failure of its group.
    /// </summary>
    public async Task<WorkResult> ReadStatesAheadThenBindAllAsync(IReadOnlyList<BenchAccount> accounts, int connections,
        int readAhead)
    {
        var groups = accounts.Chunk(readAhead).ToArray();
        var done = await ConnectionWorkers.RunAsync(groups, connections,
            () => new ConnectionPair(AdminConnection(), Connections.Open()), (pair, group) =>
            {
                var filter = "(|" + string.Concat(group.Select(account => $"(sAMAccountName={account.UserName})")) + ")";
                var found = (SearchResponse)pair.Privileged.SendRequest(new SearchRequest(BaseDn, filter,
                    SearchScope.Subtree, PlainStateAttributes));
                if (found.Entries.Count != group.Length)
                {
                    throw new DirectoryOperationException($"{found.Entries.Count} of {group.Length} states read");
                }

                foreach (var account in group)
                {
                    pair.Bind.Bind(new NetworkCredential(account.BindName, account.Password));
                }
            });
        return done with { Items = accounts.Count };
    }

    /// <summary>The stored attributes a check decides on (a read of constructed ones costs the DC more).</summary>
    public static readonly string[] PlainStateAttributes =
        ["userAccountControl", "badPwdCount", "badPasswordTime", "lockoutTime", "pwdLastSet", "accountExpires"];

    /// <summary>
    /// One unmeasured bind per account before any measured one. Samba writes an account's lastLogonTimestamp on its
    /// first successful logon (a database write per account; measured here: a pass of first logons ran at about a third
    /// of the rate of the next pass, and the account's uSNChanged moved only in that pass). Later binds write nothing
    /// until msDS-LogonTimeSyncInterval (14 days by default) has passed, and an admin reset does not bring the write
    /// back. Left in, those writes land in whichever pass binds first and make the raw bind limit swing between passes.
    /// </summary>
    public Task<WorkResult> FirstLogonAllAsync(IReadOnlyList<BenchAccount> accounts, int connections) =>
        BindAllAsync(accounts, connections);

    /// <summary>Removes the benchmark's accounts (best effort: the numbers are already measured).</summary>
    public Task<WorkResult> DeleteAllAsync(IReadOnlyList<BenchAccount> accounts) =>
        ConnectionWorkers.RunAsync(accounts, CreateWorkers, AdminConnection,
            (connection, account) => connection.SendRequest(new DeleteRequest(account.Dn)));

    private static byte[] QuotedUtf16(string password) => Encoding.Unicode.GetBytes($"\"{password}\"");

    private sealed record ConnectionPair(LdapConnection Privileged, LdapConnection Bind) : IDisposable
    {
        public void Dispose()
        {
            Privileged.Dispose();
            Bind.Dispose();
        }
    }
}
