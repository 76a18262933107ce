using System.DirectoryServices.Protocols;
using System.Reflection;
using System.Runtime.InteropServices;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// Turns certificate validation off for ONE connection, for targets that explicitly accept any certificate.
/// S.DS.Protocols on Linux has no working switch for it (VerifyServerCertificate breaks every bind, see
/// notes/environment.md), and the LDAPTLS_REQCERT environment variable would turn it off for the whole process, so
/// this sets libldap's per-handle LDAP_OPT_X_TLS_REQUIRE_CERT directly. It must run before StartNewTlsSessionContext.
/// </summary>
internal static partial class LibLdapTls
{
    private const int OptionRequireCertificate = 0x6006; // LDAP_OPT_X_TLS_REQUIRE_CERT
    private const int RequireNever = 0;                  // LDAP_OPT_X_TLS_NEVER

    private static readonly FieldInfo? HandleField =
        typeof(LdapConnection).GetField("_ldapHandle", BindingFlags.Instance | BindingFlags.NonPublic);

    public static void DisableCertificateValidation(LdapConnection connection)
    {
        if (HandleField?.GetValue(connection) is not SafeHandle handle || handle.IsInvalid)
        {
            throw Unsupported();
        }

        var value = RequireNever;
        int result;
        try
        {
            result = SetIntOption(handle, OptionRequireCertificate, ref value);
        }
        catch (DllNotFoundException)
        {
            throw Unsupported();
        }

        if (result != 0)
        {
            throw Unsupported();
        }
    }

    private static DirectoryException Unsupported() =>
        new(FailureClass.Configuration, Reason.Configuration,
            "This host cannot turn LDAP certificate validation off: configure the target's CA certificate instead of "
            + "accept_any_certificate.");

    [LibraryImport("libldap-2.5.so.0", EntryPoint = "ldap_set_option")]
    private static partial int SetIntOption(SafeHandle ld, int option, ref int value);
}
