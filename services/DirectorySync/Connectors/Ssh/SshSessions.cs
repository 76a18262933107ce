using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>Logs in to a target's endpoints in order, moving on only after a transient failure.</summary>
internal static class SshSessions
{
    public static async Task<SshSession> OpenAsync(DirectoryTarget target, string? pinnedServer, string user,
        Secret password, bool privileged, CancellationToken cancellationToken)
    {
        DirectoryException? lastTransient = null;
        foreach (var endpoint in EndpointsFor(target, pinnedServer))
        {
            try
            {
                return await SshSession.ConnectAsync(target, endpoint, user, password, privileged, cancellationToken);
            }
            catch (DirectoryException exception) when (exception.FailureClass == FailureClass.Transient)
            {
                lastTransient = exception;
            }
        }

        throw lastTransient ?? new DirectoryException(FailureClass.Configuration, Reason.Configuration,
            pinnedServer is null
                ? $"Target {target.Id} has no endpoint: add the host name and SSH port."
                : $"Server '{pinnedServer}' is not an endpoint of target {target.Id}.");
    }

    public static Task<SshSession> OpenPrivilegedAsync(DirectoryTarget target, string? pinnedServer,
        CancellationToken cancellationToken) =>
        OpenAsync(target, pinnedServer, target.PrivilegedAccount, target.PrivilegedPassword, privileged: true,
            cancellationToken);

    private static IEnumerable<DirectoryEndpoint> EndpointsFor(DirectoryTarget target, string? pinnedServer) =>
        pinnedServer is null
            ? target.Endpoints
            : target.Endpoints.Where(endpoint =>
                string.Equals(endpoint.Host, pinnedServer, StringComparison.OrdinalIgnoreCase)
                || string.Equals(endpoint.ToString(), pinnedServer, StringComparison.OrdinalIgnoreCase));
}
