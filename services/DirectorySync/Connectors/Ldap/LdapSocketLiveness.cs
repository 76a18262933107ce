using System.DirectoryServices.Protocols;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// Tells, without sending anything, whether an idle pooled connection's socket was closed by the other side. An idle
/// LDAP connection has nothing to read: every request it carried was answered before it went back to the pool (TLS
/// session tickets arrive before the first answer, so they were read too). If its socket is readable or hung up, the
/// server closed it (idle timeout, restart, a network cut that reset it) or sent a notice of disconnection: either way
/// it is dead, and using it would fail. This is what lets a verify bind go out only on a connection that was alive a
/// moment before, instead of being sent, failing and being sent again (see docs/directory-connections.md).
/// </summary>
internal static class LdapSocketLiveness
{
    private const int OptionDescriptor = 0x0001; // LDAP_OPT_DESC
    private const short PollIn = 0x001;
    private const short PollRdHup = 0x2000;

    private static readonly FieldInfo? HandleField =
        typeof(LdapConnection).GetField("_ldapHandle", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly Lazy<PollFunction?> Poll = new(LoadPoll);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int PollFunction(ref PollDescriptor descriptor, nuint count, int timeoutMilliseconds);

    /// <summary>
    /// False when the connection's socket is closed, readable (it should be silent) or cannot be found; true when it
    /// is open and silent. Where it cannot be checked (not Linux) it answers true and the caller's retry rules apply.
    /// </summary>
    public static bool LooksConnected(LdapConnection connection)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        if (Poll.Value is not { } poll || LibLdapDefaults.GetOption is not { } getOption
            || HandleField?.GetValue(connection) is not SafeHandle handle || handle.IsInvalid)
        {
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (getOption(handle.DangerousGetHandle(), OptionDescriptor, out var socket) != 0 || socket < 0)
            {
                return false;
            }

            var descriptor = new PollDescriptor { Descriptor = socket, Events = PollIn | PollRdHup };
            var ready = poll(ref descriptor, 1, 0);
            return ready == 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static PollFunction? LoadPoll() =>
        OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc)
        && NativeLibrary.TryGetExport(libc, "poll", out var export)
            ? Marshal.GetDelegateForFunctionPointer<PollFunction>(export)
            : null;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }
}
