using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// The checklist of an SSH host target: reachability, the host key to pin, whether password login is offered, the
/// privileged login and its right to set passwords. Each failed item says what to do.
/// </summary>
internal static class SshTargetTest
{
    public static async Task<IReadOnlyList<TargetCheck>> RunAsync(DirectoryTarget target, string rightCheckCommand,
        string rightRemedy, CancellationToken cancellationToken)
    {
        var checks = new List<TargetCheck>();
        foreach (var endpoint in target.Endpoints)
        {
            if (!await ReachableAsync(endpoint, target.OperationTimeout, cancellationToken))
            {
                checks.Add(new($"TCP {endpoint}", CheckStatus.Failed, "no TCP connection",
                    "Check the host name and SSH port, that sshd runs, and that no firewall blocks it."));
                continue;
            }

            checks.Add(new($"TCP {endpoint}", CheckStatus.Passed, "the SSH port accepts connections", null));
            checks.AddRange(await HostKeyAndMethodsAsync(target, endpoint, cancellationToken));
        }

        try
        {
            using var session = await SshSessions.OpenPrivilegedAsync(target, null, cancellationToken);
            checks.Add(new("Privileged login", CheckStatus.Passed,
                $"{target.PrivilegedAccount} logged in on {session.Endpoint.Host}", null));
            var right = await session.RunAsync(rightCheckCommand, null, target.OperationTimeout, cancellationToken);
            checks.Add(right.ExitStatus == 0
                ? new("Right to set passwords", CheckStatus.Passed, $"'{rightCheckCommand}' succeeded", null)
                : new("Right to set passwords", CheckStatus.Failed,
                    $"'{rightCheckCommand}' failed: {right.Error.Trim()}", rightRemedy));
        }
        catch (DirectoryException exception)
        {
            checks.Add(new("Privileged login", CheckStatus.Failed, exception.Message,
                "Fix the items above first, then the target's privileged user and password."));
        }

        return checks;
    }

    /// <summary>SSH.NET names the server's methods in its refusal: "... authentication (publickey,password)."</summary>
    private static string[] MethodsFrom(string? refusal)
    {
        var open = refusal?.LastIndexOf('(') ?? -1;
        var close = refusal?.LastIndexOf(')') ?? -1;
        return open >= 0 && close > open
            ? refusal![(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }

    private static async Task<bool> ReachableAsync(DirectoryEndpoint endpoint, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Logs in with the "none" method, which sends no secret: the server shows its host key and answers with the
    /// authentication methods it accepts.
    /// </summary>
    private static async Task<IEnumerable<TargetCheck>> HostKeyAndMethodsAsync(DirectoryTarget target,
        DirectoryEndpoint endpoint, CancellationToken cancellationToken)
    {
        var none = new NoneAuthenticationMethod(target.PrivilegedAccount);
        using var client = new SshClient(new Renci.SshNet.ConnectionInfo(endpoint.Host, endpoint.Port, target.PrivilegedAccount, none)
        {
            Timeout = target.OperationTimeout,
        });
        string? fingerprint = null;
        string? refusal = null;
        client.HostKeyReceived += (_, hostKey) =>
        {
            fingerprint = hostKey.FingerPrintSHA256;
            hostKey.CanTrust = true;
        };
        try
        {
            await client.ConnectAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is SshAuthenticationException or SshConnectionException
            or SocketException or SshOperationTimeoutException)
        {
            // Expected: "none" is refused; what matters is what the server said on the way.
            refusal = exception.Message;
        }

        if (fingerprint is null)
        {
            return [new($"Host key {endpoint}", CheckStatus.Failed, "the server did not complete the SSH handshake",
                "Check that the port is an SSH server.")];
        }

        var hostKey = SshHostKeyPin.Format(fingerprint);
        var keyCheck = target.SshHostKeyFingerprint switch
        {
            null => new TargetCheck($"Host key {endpoint}", CheckStatus.Warning, $"host key {hostKey}, not pinned",
                $"Confirm {hostKey} on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and pin it on the target."),
            var pinned when SshHostKeyPin.Matches(pinned, fingerprint) =>
                new TargetCheck($"Host key {endpoint}", CheckStatus.Passed, $"host key {hostKey} matches the pin", null),
            var pinned => new TargetCheck($"Host key {endpoint}", CheckStatus.Failed,
                $"host key {hostKey} does not match the pinned {pinned}",
                "Find out why the host key changed (reinstall, or an impostor) before updating the pin."),
        };
        var methods = none.AllowedAuthentications is { Length: > 0 } allowed ? allowed : MethodsFrom(refusal);
        var passwordCheck = methods.Contains("password", StringComparer.Ordinal)
            ? new TargetCheck($"Password login {endpoint}", CheckStatus.Passed,
                $"offered methods: {string.Join(", ", methods)}", null)
            : new TargetCheck($"Password login {endpoint}", CheckStatus.Failed,
                $"offered methods: {string.Join(", ", methods)}",
                "Enable password login for the accounts PasswordSync manages (sshd_config: PasswordAuthentication yes).");
        return [keyCheck, passwordCheck];
    }
}
