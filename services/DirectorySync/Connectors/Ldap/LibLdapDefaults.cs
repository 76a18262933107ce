using System.Runtime.InteropServices;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// Turns on libldap's LDAP_OPT_RESTART for every connection the process opens. Without it libldap gives up when a
/// poll() during connect or while waiting for a reply is interrupted by a signal (EINTR) and reports "server down"
/// (81). .NET processes receive signals routinely (SIGCHLD whenever a child process ends, runtime signals), so binds
/// failed now and then for no reason on the server's side. S.DS.Protocols does not expose the option, so it is set on
/// libldap's global defaults, which every new connection copies; restarting an interrupted system call is what any
/// caller wants, so no other code is affected for the worse. (SSSD sets the same option for the same reason.)
/// </summary>
internal static class LibLdapDefaults
{
    private const int LdapOptRestart = 0x09;

    // The library names S.DS.Protocols itself tries on Linux, in its order.
    private static readonly string[] LibraryNames = ["libldap.so.2", "libldap-2.6.so.0", "libldap-2.5.so.0", "libldap-2.4.so.2"];

    private static readonly Lazy<bool> Applied = new(Apply);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int LdapSetOption(IntPtr ld, int option, IntPtr value);

    /// <summary>Applies the defaults once per process; true when they are in effect.</summary>
    public static bool EnsureApplied() => Applied.Value;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library)
                && NativeLibrary.TryGetExport(library, "ldap_set_option", out var export))
            {
                var setOption = Marshal.GetDelegateForFunctionPointer<LdapSetOption>(export);
                // A null handle sets the global default; any non-null value means LDAP_OPT_ON for boolean options.
                return setOption(IntPtr.Zero, LdapOptRestart, new IntPtr(1)) == 0;
            }
        }

        return false;
    }
}
