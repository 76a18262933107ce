using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Text;
using PasswordSync.Benchmarks.Measuring;

namespace PasswordSync.Benchmarks.Directories;

/// <summary>
/// The OpenLDAP slapd target as the harness's own minimal client sees it: accounts under ou=people (service policy:
/// no forced change after a reset), and raw Password Modify extended operations (RFC 3062, what the product sends)
/// as the reset agent, on a fixed number of LDAPS connections.
/// </summary>
internal sealed class OpenLdapDirectory(ServerSettings servers)
{
    private const string PasswordModifyOid = "1.3.6.1.4.1.4203.1.11.1";
    private const int CreateWorkers = 4;

    public LdapsConnections Connections { get; } = new(servers["SLAPD_HOST"],
        int.Parse(servers["SLAPD_LDAPS_PORT"], CultureInfo.InvariantCulture), servers["SLAPD_CA_FILE"]);

    public string PeopleDn { get; } = servers["SLAPD_BASE_DN"];

    public string ResetDn { get; } = servers["SLAPD_RESET_DN"];

    public string ResetPassword { get; } = servers["SLAPD_RESET_PASSWORD"];

    public string Endpoint => $"{servers["SLAPD_HOST"]}:{servers["SLAPD_LDAPS_PORT"]}";

    public string CaPem => File.ReadAllText(servers["SLAPD_CA_FILE"]);

    private string Suffix => PeopleDn[(PeopleDn.IndexOf(',', StringComparison.Ordinal) + 1)..];

    private LdapConnection AdminConnection() =>
        Connections.OpenAs(servers["SLAPD_ADMIN_DN"], servers["SLAPD_ADMIN_PASSWORD"]);

    private LdapConnection ResetConnection() => Connections.OpenAs(ResetDn, ResetPassword);

    /// <summary>Accounts uid=bench-RUN-TAG-00001.. with their own passwords and the service password policy.</summary>
    public async Task<IReadOnlyList<BenchAccount>> CreateAccountsAsync(string runId, string tag, int count)
    {
        var accounts = Enumerable.Range(1, count).Select(number =>
        {
            var uid = string.Create(CultureInfo.InvariantCulture, $"bench-{runId}-{tag}-{number:D5}");
            var dn = $"uid={uid},{PeopleDn}";
            return new BenchAccount(uid, dn, dn, BenchPasswords.New());
        }).ToArray();
        var created = await ConnectionWorkers.RunAsync(accounts, CreateWorkers, AdminConnection, (connection, account) =>
            connection.SendRequest(new AddRequest(account.Dn,
                new DirectoryAttribute("objectClass", "inetOrgPerson"),
                new DirectoryAttribute("uid", account.UserName),
                new DirectoryAttribute("cn", account.UserName),
                new DirectoryAttribute("sn", "bench"),
                new DirectoryAttribute("userPassword", account.Password),
                new DirectoryAttribute("pwdPolicySubentry", $"cn=service,ou=policies,{Suffix}"))));
        return created.Failures == 0
            ? accounts
            : throw new InvalidOperationException(
                $"{created.Failures} of {count} slapd accounts could not be created: {created.FirstFailure}");
    }

    /// <summary>Password Modify of every account to a new password as the reset agent.</summary>
    public Task<WorkResult> ModifyAllAsync(IReadOnlyList<BenchAccount> accounts, int connections) =>
        ConnectionWorkers.RunAsync(accounts, connections, ResetConnection, (connection, account) =>
        {
            var password = BenchPasswords.New();
            connection.SendRequest(new ExtendedRequest(PasswordModifyOid, EncodePasswordModify(account.Dn, password)));
            account.Password = password;
        });

    public Task<WorkResult> DeleteAllAsync(IReadOnlyList<BenchAccount> accounts) =>
        ConnectionWorkers.RunAsync(accounts, CreateWorkers, AdminConnection,
            (connection, account) => connection.SendRequest(new DeleteRequest(account.Dn)));

    // SEQUENCE { userIdentity [0] OCTET STRING, newPasswd [2] OCTET STRING } (both short: one-byte lengths).
    private static byte[] EncodePasswordModify(string dn, string password)
    {
        var identity = Encoding.UTF8.GetBytes(dn);
        var secret = Encoding.UTF8.GetBytes(password);
        var content = 2 + identity.Length + 2 + secret.Length;
        if (identity.Length > 127 || secret.Length > 127 || content > 127)
        {
            throw new InvalidOperationException("The benchmark's DNs and passwords are short by construction.");
        }

        return [0x30, (byte)content, 0x80, (byte)identity.Length, .. identity, 0x82, (byte)secret.Length, .. secret];
    }
}
