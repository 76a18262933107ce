using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;
using System.Security.Cryptography;
using System.Text;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// Test accounts in a real DC, made straight over LDAPS as its administrator (never through the code under test),
/// named <c>e2e-&lt;run&gt;-NNN</c> so parallel runs and other test projects never meet them, and deleted on dispose.
/// Every password it sets is remembered, so tests can prove none of them leaked.
/// </summary>
public sealed class AdAccounts(DomainController dc) : IAsyncDisposable
{
    // LDAP handles are not shared across threads: each worker has its own connection. Samba, not the client, is the
    // bottleneck (it hashes every new password many ways), so a few workers are enough on two cores.
    private const int Workers = 4;

    private readonly ConcurrentDictionary<string, AdAccount> created = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<string> passwords = [];

    /// <summary>Unique per instance; sAMAccountName has at most 20 characters, so it stays short.</summary>
    public string RunId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    public DomainController Controller => dc;

    /// <summary>Every password this helper set or used (initial, changed behind PasswordSync's back, wrong ones).</summary>
    public IReadOnlyCollection<string> Passwords => passwords;

    /// <summary>A password that satisfies the domain's complexity rules and was never used anywhere.</summary>
    public string NewPassword()
    {
        var password = "E2e-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)) + "-q5!";
        passwords.Add(password);
        return password;
    }

    private const int ServerUnavailable = 81;

    /// <summary>The name an account with this number would have (also for accounts that must NOT exist).</summary>
    public string NameFor(int number) => $"e2e-{RunId}-{number:D3}";

    /// <summary>Creates accounts numbered <paramref name="first"/>.. in parallel, enabled, each with its own password.</summary>
    public async Task<IReadOnlyList<AdAccount>> CreateAsync(int count, int first = 1)
    {
        var numbers = Enumerable.Range(first, count).ToArray();
        var results = new AdAccount[count];
        var chunks = numbers.Select((number, index) => (number, index)).Chunk((count + Workers - 1) / Workers);
        await Task.WhenAll(chunks.Select(chunk => Task.Run(() =>
        {
            var connection = dc.AdminConnection();
            try
            {
                foreach (var (number, index) in chunk)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            results[index] = Add(connection, NameFor(number));
                            break;
                        }
                        catch (LdapException e) when (e.ErrorCode == ServerUnavailable && attempt < 10)
                        {
                            // Set-up only: a connection refused or a TLS set-up lost while every test project starts
                            // at once against the one DC. A fresh connection after a pause; the assertions never retry.
                            connection.Dispose();
                            Thread.Sleep(TimeSpan.FromMilliseconds(500 * attempt));
                            connection = dc.AdminConnection();
                            // The lost answer may belong to an add the DC did carry out: start from no account.
                            DeleteIfPresent(connection, NameFor(number));
                        }
                    }
                }
            }
            finally
            {
                connection.Dispose();
            }
        })));
        return results;
    }

    /// <summary>AD's own password-last-set value (pwdLastSet) of each account this helper made, by sAMAccountName.</summary>
    public IReadOnlyDictionary<string, string> PasswordLastSet()
    {
        using var connection = dc.AdminConnection();
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(dc.UsersDn,
            $"(sAMAccountName=e2e-{RunId}-*)", SearchScope.OneLevel, "sAMAccountName", "pwdLastSet"));
        return response.Entries.Cast<SearchResultEntry>().ToDictionary(
            entry => (string)entry.Attributes["sAMAccountName"][0],
            entry => (string)entry.Attributes["pwdLastSet"][0], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Admin reset behind PasswordSync's back (as a help-desk tool would do); returns the new password.</summary>
    public string ResetBehindTheBack(AdAccount account)
    {
        var password = NewPassword();
        Modify(account, DirectoryAttributeOperation.Replace, "unicodePwd", QuotedUtf16(password));
        return password;
    }

    public void Disable(AdAccount account) =>
        Modify(account, DirectoryAttributeOperation.Replace, "userAccountControl", "514");

    /// <summary>"User must change password at next logon": pwdLastSet 0.</summary>
    public void RequirePasswordChange(AdAccount account) =>
        Modify(account, DirectoryAttributeOperation.Replace, "pwdLastSet", "0");

    /// <summary>
    /// Puts the account under the lockout policy (the fine-grained policy of the shared DC's lockout group) and fails
    /// binds until the DC reports it locked (data 775), a bounded number of times.
    /// </summary>
    public void LockOut(AdAccount account)
    {
        var group = dc.LockoutGroupDn ?? throw new InvalidOperationException("This DC has no lockout group.");
        using (var connection = dc.AdminConnection())
        {
            connection.SendRequest(new ModifyRequest(group, DirectoryAttributeOperation.Add, "member", account.Dn));
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var refusal = dc.TryBind(account.UserPrincipalName, NewPassword());
            if (refusal is null)
            {
                throw new InvalidOperationException($"A wrong password was accepted for {account.SamAccountName}.");
            }

            if (refusal.Contains("data 775", StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException($"{account.SamAccountName} did not lock out after 10 failed binds.");
    }

    /// <summary>Deletes every account this helper made (best effort: a test's failure must stay the reported one).</summary>
    public async ValueTask DisposeAsync()
    {
        if (created.IsEmpty)
        {
            return;
        }

        var all = created.Values.ToArray();
        await Task.WhenAll(all.Chunk((all.Length + Workers - 1) / Workers).Select(chunk => Task.Run(() =>
        {
            using var connection = dc.AdminConnection();
            foreach (var account in chunk)
            {
                try
                {
                    connection.SendRequest(new DeleteRequest(account.Dn));
                }
                catch (Exception e) when (e is DirectoryOperationException or LdapException)
                {
                    // Clean-up only: already gone, the DC refused, or the connection was lost. Nothing a test can do
                    // about it now, and a left-over account (unique name) harms no other test.
                }
            }
        })));
    }

    private void DeleteIfPresent(LdapConnection connection, string name)
    {
        try
        {
            connection.SendRequest(new DeleteRequest($"CN={name},{dc.UsersDn}"));
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            // Never created: nothing to undo.
        }
    }

    private AdAccount Add(LdapConnection connection, string name)
    {
        var password = NewPassword();
        var account = new AdAccount(name, $"CN={name},{dc.UsersDn}", $"{name}@{dc.DomainName}", password);
        // Password and "enabled, normal account" in the same add: AD accepts unicodePwd on add over LDAPS.
        connection.SendRequest(new AddRequest(account.Dn,
            new DirectoryAttribute("objectClass", "user"),
            new DirectoryAttribute("sAMAccountName", name),
            new DirectoryAttribute("userPrincipalName", account.UserPrincipalName),
            new DirectoryAttribute("unicodePwd", QuotedUtf16(password)),
            new DirectoryAttribute("userAccountControl", "512")));
        created[name] = account;
        return account;
    }

    private void Modify(AdAccount account, DirectoryAttributeOperation operation, string attribute, object value)
    {
        using var connection = dc.AdminConnection();
        var modification = new DirectoryAttributeModification { Name = attribute, Operation = operation };
        switch (value)
        {
            case byte[] bytes:
                modification.Add(bytes);
                break;
            default:
                modification.Add((string)value);
                break;
        }

        connection.SendRequest(new ModifyRequest(account.Dn, modification));
    }

    private static byte[] QuotedUtf16(string password) => Encoding.Unicode.GetBytes($"\"{password}\"");
}
