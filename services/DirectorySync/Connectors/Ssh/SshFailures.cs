using System.Net.Sockets;
using PasswordSync.Common.V1;
using Renci.SshNet.Common;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>Classifies SSH.NET and socket failures. Messages carry host, port and account names only.</summary>
internal static class SshFailures
{
    public static DirectoryException HostKeyMismatch(DirectoryEndpoint endpoint, string? pinned, string presented,
        Exception? inner) =>
        new(FailureClass.Configuration, Reason.Configuration, pinned is null
                ? $"Target at {endpoint} has no pinned SSH host key: verify that {SshHostKeyPin.Format(presented)} is "
                    + "the host's key (ssh-keygen -lf on the host) and set it as the target's host-key fingerprint."
                : $"The SSH host key of {endpoint} is {SshHostKeyPin.Format(presented)}, not the pinned {pinned}: the "
                    + "host was reinstalled or someone is impersonating it. Check the host, then update the pin.",
            endpoint.Host, inner);

    public static DirectoryException FromConnect(Exception exception, DirectoryEndpoint endpoint, string user,
        bool privileged) => exception switch
        {
            SshAuthenticationException when privileged => new DirectoryException(FailureClass.Configuration,
                Reason.PrivilegedCredentials,
                $"{endpoint.Host} refused the login of the privileged account {user}: update the target's privileged "
                + "credential (and check that the host allows password login).", endpoint.Host, exception),
            SshAuthenticationException => new DirectoryException(FailureClass.Credential, Reason.InvalidCredentials,
                $"{endpoint.Host} refused the password of {user}.", endpoint.Host, exception),
            SocketException or SshOperationTimeoutException or TimeoutException or OperationCanceledException
                or SshConnectionException => Transient(endpoint, exception),
            _ => new DirectoryException(FailureClass.Transient, Reason.Transient,
                $"The SSH connection to {endpoint} failed unexpectedly ({exception.GetType().Name}).", endpoint.Host,
                exception),
        };

    public static DirectoryException Transient(DirectoryEndpoint endpoint, Exception exception) =>
        new(FailureClass.Transient, Reason.Transient,
            $"The host {endpoint} did not answer over SSH ({Describe(exception)}); the operation can be retried later.",
            endpoint.Host, exception);

    public static DirectoryException SudoRefused(DirectoryEndpoint endpoint, string privilegedUser, string command) =>
        new(FailureClass.Permission, Reason.InsufficientRights,
            $"sudo on {endpoint.Host} refused '{command}' to {privilegedUser}: add a sudoers rule letting "
            + $"{privilegedUser} run {command} without a password (NOPASSWD).", endpoint.Host);

    public static bool IsSudoRefusal(SshCommandResult result) =>
        result.ExitStatus != 0 && (result.Error.Contains("a password is required", StringComparison.Ordinal)
            || result.Error.Contains("is not allowed to", StringComparison.Ordinal)
            || result.Error.Contains("may not run sudo", StringComparison.Ordinal)
            || result.Error.Contains("is not in the sudoers", StringComparison.Ordinal));

    private static string Describe(Exception exception) => exception switch
    {
        SocketException socket => socket.SocketErrorCode.ToString(),
        SshConnectionException connection => $"connection: {connection.DisconnectReason}",
        _ => exception.GetType().Name,
    };
}
