using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PasswordSync.Gateway.Tests;

/// <summary>
/// Turns on libldap's LDAP_OPT_RESTART for this test process, as directory-sync does for itself (LibLdapDefaults):
/// without it a signal during libldap's poll() is reported as "The LDAP server is unavailable". This process gets
/// SIGCHLD every time one of the many child processes it runs ends (services, the gateway, pwsync), so the tests' own
/// set-up and proof connections to the DC failed now and then for no reason on the server's side.
/// </summary>
internal static class LibLdapRestart
{
    private const int LdapOptRestart = 0x09;

    // The library names S.DS.Protocols itself tries on Linux, in its order.
    private static readonly string[] LibraryNames = ["libldap.so.2", "libldap-2.6.so.0", "libldap-2.5.so.0", "libldap-2.4.so.2"];

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int LdapSetOption(IntPtr ld, int option, IntPtr value);

#pragma warning disable CA2255 // A module initializer is the one place that runs before any test opens a connection.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library)
                && NativeLibrary.TryGetExport(library, "ldap_set_option", out var export))
            {
                // A null handle sets the global default every new connection copies; non-null means LDAP_OPT_ON.
                Marshal.GetDelegateForFunctionPointer<LdapSetOption>(export)(IntPtr.Zero, LdapOptRestart, new IntPtr(1));
                return;
            }
        }
    }
}
