using System.DirectoryServices.Protocols;
using System.Net;
using PasswordSync.Gateway.Tests.Jobs.Support;

namespace PasswordSync.Gateway.Tests.Checks;

/// <summary>
/// What the shared slapd holds about one account, read and changed through its own admin DN (never through the code
/// under test): ppolicy's failure times, lock and reset flags, the password-changed stamp.
/// </summary>
internal static class SlapdCheckAccounts
{
    public static string Dn(string uid) => $"uid={uid},{SlapdAccounts.BaseDn}";

    /// <summary>Failed binds slapd has recorded for the account (pwdFailureTime values).</summary>
    public static int FailureCount(string uid) => Values(uid, "pwdFailureTime").Count;

    public static string? PasswordChangedTime(string uid) => Values(uid, "pwdChangedTime").SingleOrDefault();

    public static bool IsLocked(string uid) => Values(uid, "pwdAccountLockedTime").Count > 0;

    /// <summary>
    /// A fresh account whose password was last set by its owner, as most live accounts are: slapd stamps
    /// pwdChangedTime (an add by the admin does not) and, unlike an administrator's set, raises no pwdReset.
    /// </summary>
    public static (string Uid, string Password) CreateSelfSet()
    {
        var initial = SlapdAccounts.NewPassword();
        var uid = SlapdAccounts.Create([initial])[0];
        var password = SlapdAccounts.NewPassword();
        using var connection = SlapdAccounts.Open();
        connection.Bind(new NetworkCredential(Dn(uid), initial));
        connection.SendRequest(new ModifyRequest(Dn(uid), DirectoryAttributeOperation.Replace, "userPassword", password));
        return (uid, password);
    }

    /// <summary>Binds with a wrong password <paramref name="times"/> times, as a user mistyping it would.</summary>
    public static void FailBinds(string uid, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var connection = SlapdAccounts.Open();
            Assert.False(SlapdAccounts.CanBind(connection, uid, "Wrong-" + Guid.NewGuid().ToString("N")),
                "slapd accepted a made-up password");
        }
    }

    /// <summary>An administrator locks the account by hand (ppolicy's permanent-lock value).</summary>
    public static void Lock(string uid) => Replace(uid, "pwdAccountLockedTime", "000001010000Z");

    /// <summary>An administrator flags the account to change its password at next use.</summary>
    public static void RequireChange(string uid) => Replace(uid, "pwdReset", "TRUE");

    /// <summary>An administrator sets a password behind PasswordSync's back.</summary>
    public static void SetPasswordOutside(string uid, string password) => Replace(uid, "userPassword", password);

    private static void Replace(string uid, string attribute, string value)
    {
        using var connection = SlapdAccounts.Admin();
        connection.SendRequest(new ModifyRequest(Dn(uid), DirectoryAttributeOperation.Replace, attribute, value));
    }

    private static List<string> Values(string uid, string attribute)
    {
        using var connection = SlapdAccounts.Admin();
        var response = (SearchResponse)connection.SendRequest(
            new SearchRequest(Dn(uid), "(objectClass=*)", SearchScope.Base, attribute));
        return response.Entries.Count == 0 || response.Entries[0].Attributes[attribute] is not { } values
            ? []
            : values.GetValues(typeof(string)).Cast<string>().ToList();
    }
}
