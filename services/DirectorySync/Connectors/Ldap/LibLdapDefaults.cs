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

    // The library names S.DS.Protocols itself tries on Linux, in its order (Debian 12 ships libldap-2.5.so.0, Ubuntu
    // 24.04 — the .NET 10 container images — libldap.so.2): an option must be set through the library it loaded.
    private static readonly string[] LibraryNames = ["libldap.so.2", "libldap-2.6.so.0", "libldap-2.5.so.0", "libldap-2.4.so.2"];

    private static readonly Lazy<LdapSetOption?> SetOptionFunction = new(() => Load<LdapSetOption>("ldap_set_option"));

    private static readonly Lazy<LdapGetOption?> GetOptionFunction = new(() => Load<LdapGetOption>("ldap_get_option"));

    private static readonly Lazy<bool> Applied = new(Apply);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int LdapSetOption(IntPtr ld, int option, IntPtr value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int LdapGetOption(IntPtr ld, int option, out int value);

    /// <summary>libldap's ldap_set_option, from the library S.DS.Protocols uses; null when none is found.</summary>
    internal static LdapSetOption? SetOption => SetOptionFunction.Value;

    /// <summary>libldap's ldap_get_option for integer options (e.g. the socket descriptor); null when none is found.</summary>
    internal static LdapGetOption? GetOption => GetOptionFunction.Value;

    /// <summary>Applies the defaults once per process; true when they are in effect.</summary>
    public static bool EnsureApplied() => Applied.Value;

    private static bool Apply() =>
        // A null handle sets the global default; any non-null value means LDAP_OPT_ON for boolean options.
        OperatingSystem.IsLinux() && SetOption is { } setOption
        && setOption(IntPtr.Zero, LdapOptRestart, new IntPtr(1)) == 0;

    private static T? Load<T>(string function)
        where T : Delegate
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library)
                && NativeLibrary.TryGetExport(library, function, out var export))
            {
                return Marshal.GetDelegateForFunctionPointer<T>(export);
            }
        }

        return null;
    }
}
