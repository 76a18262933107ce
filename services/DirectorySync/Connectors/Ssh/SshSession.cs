using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// One SSH login (password authentication) to one endpoint, with the host key checked against the target's pin
/// before any credential is sent. Commands never carry a password: secrets go to the command's stdin.
/// </summary>
internal sealed class SshSession : IDisposable
{
    private readonly SshClient client;

    private SshSession(SshClient client, DirectoryEndpoint endpoint)
    {
        this.client = client;
        Endpoint = endpoint;
    }

    public DirectoryEndpoint Endpoint { get; }

    public static async Task<SshSession> ConnectAsync(DirectoryTarget target, DirectoryEndpoint endpoint, string user,
        Secret password, bool privileged, CancellationToken cancellationToken)
    {
        var connection = new Renci.SshNet.ConnectionInfo(endpoint.Host, endpoint.Port, user,
            new PasswordAuthenticationMethod(user, password.Reveal()))
        {
            Timeout = target.OperationTimeout,
        };
        var client = new SshClient(connection);
        string? presented = null;
        // SSH.NET asks before authenticating: refusing here means no password is sent to an unknown host.
        client.HostKeyReceived += (_, hostKey) =>
        {
            presented = hostKey.FingerPrintSHA256;
            hostKey.CanTrust = SshHostKeyPin.Matches(target.SshHostKeyFingerprint, hostKey.FingerPrintSHA256);
        };
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(target.OperationTimeout);
            await client.ConnectAsync(deadline.Token);
            return new SshSession(client, endpoint);
        }
        catch (Exception exception) when (exception is not DirectoryException
            && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            if (presented is not null && !SshHostKeyPin.Matches(target.SshHostKeyFingerprint, presented))
            {
                throw SshFailures.HostKeyMismatch(endpoint, target.SshHostKeyFingerprint, presented, exception);
            }

            throw SshFailures.FromConnect(exception, endpoint, user, privileged);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="commandText"/>; <paramref name="stdin"/> (when given) is written, then closed.</summary>
    public async Task<SshCommandResult> RunAsync(string commandText, byte[]? stdin, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var command = client.CreateCommand(commandText, Encoding.UTF8);
        command.CommandTimeout = timeout;
        try
        {
            var execution = command.ExecuteAsync(cancellationToken);
            if (stdin is not null)
            {
                await WriteInputAsync(command, stdin, cancellationToken);
            }

            await execution;
            return new SshCommandResult(command.ExitStatus ?? -1, command.Result, command.Error);
        }
        catch (Exception exception) when (exception is SshException or SshOperationTimeoutException
            or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            throw SshFailures.Transient(Endpoint, exception);
        }
    }

    public void Dispose() => client.Dispose();

    private static async Task WriteInputAsync(SshCommand command, byte[] stdin, CancellationToken cancellationToken)
    {
        try
        {
            await using var input = command.CreateInputStream();
            await input.WriteAsync(stdin, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // The command ended before reading its input (sudo refusing at once, for example): its exit status and
            // error output say why, and nothing was sent.
        }
    }
}
