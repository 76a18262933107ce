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
internal static class LibLdapTls
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

        if (LibLdapDefaults.SetOption is not { } setOption)
        {
            throw Unsupported();
        }

        var added = false;
        var value = Marshal.AllocHGlobal(sizeof(int));
        try
        {
            Marshal.WriteInt32(value, RequireNever);
            handle.DangerousAddRef(ref added);
            if (setOption(handle.DangerousGetHandle(), OptionRequireCertificate, value) != 0)
            {
                throw Unsupported();
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }

            Marshal.FreeHGlobal(value);
        }
    }

    private static DirectoryException Unsupported() =>
        new(FailureClass.Configuration, Reason.Configuration,
            "This host cannot turn LDAP certificate validation off: configure the target's CA certificate instead of "
            + "accept_any_certificate.");
}
