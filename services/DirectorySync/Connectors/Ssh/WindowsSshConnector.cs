using Microsoft.Extensions.Logging;
using PasswordSync.Common.V1;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// Local accounts of Windows hosts through their OpenSSH server and PowerShell (<c>Set-LocalUser</c>, the password read
/// from stdin). NOT YET TESTED AGAINST A LIVE WINDOWS HOST: no Windows machine can run in this project's test
/// environment, so only the exact commands and stdin are unit-tested (WindowsPowerShellCommandsTests); the SSH part is
/// the same code the Linux connector runs against a real sshd.
/// </summary>
internal sealed class WindowsSshConnector(ILogger<WindowsSshConnector> logger) : IDirectoryConnector
{
    public IReadOnlyCollection<DirectoryKind> Kinds { get; } = [DirectoryKind.SshWindows];

    public async Task<VerifyResult> VerifyAsync(DirectoryTarget target, AccountName account, Secret password,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        var user = WindowsAccountNames.Validate(account);
        HostPasswordRules.Validate(password, "password");
        VerifyResult result;
        try
        {
            using var session = await SshSessions.OpenAsync(target, pinnedServer, user, password, privileged: false,
                cancellationToken);
            result = new VerifyResult(VerifyOutcome.Accepted, session.Endpoint.Host, "The host accepted the password.");
        }
        catch (DirectoryException refused) when (refused.Reason == Reason.InvalidCredentials)
        {
            result = new VerifyResult(VerifyOutcome.Rejected, refused.Server ?? target.Endpoints[0].Host,
                "The host refused the password.");
        }

        SshLog.Verified(logger, target.Id, user, result.Server, result.Outcome);
        return result;
    }

    public async Task<WriteResult> ResetAsync(DirectoryTarget target, AccountName account, Secret newPassword,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        var user = WindowsAccountNames.Validate(account);
        HostPasswordRules.Validate(newPassword, "new password");
        using var session = await SshSessions.OpenPrivilegedAsync(target, pinnedServer, cancellationToken);
        var result = await session.RunAsync(
            WindowsPowerShellCommands.CommandLine(WindowsPowerShellCommands.ResetPasswordScript(user)),
            WindowsPowerShellCommands.PasswordInput(newPassword), target.OperationTimeout, cancellationToken);
        if (result.ExitStatus != 0)
        {
            var failure = ResetRefused(session.Endpoint, target, user, result);
            SshLog.OperationFailed(logger, target.Id, "reset", user, failure.FailureClass, failure.Reason,
                failure.Message);
            throw failure;
        }

        SshLog.PasswordReset(logger, target.Id, user, session.Endpoint.Host);
        var state = await ReadStateAsync(session, target, user, cancellationToken);
        return new WriteResult(session.Endpoint.Host, state?.PasswordLastSetRaw);
    }

    public Task<WriteResult> ChangeAsync(DirectoryTarget target, AccountName account, Secret oldPassword,
        Secret newPassword, string? pinnedServer, CancellationToken cancellationToken) =>
        Task.FromException<WriteResult>(new DirectoryException(FailureClass.Unsupported, Reason.Unsupported,
            "Changing a local Windows password as the account itself is not supported: reset it with the target's "
            + "privileged account instead."));

    public async Task<AccountState> GetAccountStateAsync(DirectoryTarget target, AccountName account,
        string? pinnedServer, CancellationToken cancellationToken)
    {
        var user = WindowsAccountNames.Validate(account);
        using var session = await SshSessions.OpenPrivilegedAsync(target, pinnedServer, cancellationToken);
        return await ReadStateAsync(session, target, user, cancellationToken)
            ?? new AccountState(false, false, false, null, 0, null, null, null, false, null, null,
                session.Endpoint.Host, null);
    }

    public Task<IReadOnlyList<TargetCheck>> TestAsync(DirectoryTarget target, CancellationToken cancellationToken) =>
        SshTargetTest.RunAsync(target, WindowsPowerShellCommands.CommandLine(WindowsPowerShellCommands.IsAdministratorScript),
            $"Make {target.PrivilegedAccount} a member of the host's local Administrators group.", cancellationToken);

    private static async Task<AccountState?> ReadStateAsync(SshSession session, DirectoryTarget target, string user,
        CancellationToken cancellationToken)
    {
        var result = await session.RunAsync(
            WindowsPowerShellCommands.CommandLine(WindowsPowerShellCommands.AccountStateScript(user)), null,
            target.OperationTimeout, cancellationToken);
        return result.ExitStatus == 0 ? WindowsAccountStateJson.Parse(result.Output, session.Endpoint.Host) : null;
    }

    private static DirectoryException ResetRefused(DirectoryEndpoint endpoint, DirectoryTarget target, string user,
        SshCommandResult result) => result.Error switch
        {
            var error when error.Contains("was not found", StringComparison.OrdinalIgnoreCase) =>
                new DirectoryException(FailureClass.Configuration, Reason.AccountNotFound,
                    $"No local account '{user}' on {endpoint.Host}.", endpoint.Host),
            var error when error.Contains("password does not meet", StringComparison.OrdinalIgnoreCase) =>
                new DirectoryException(FailureClass.Policy, Reason.PasswordPolicy,
                    $"{endpoint.Host} refused the new password of {user}: it does not meet the host's password policy "
                    + "(length, complexity or history).", endpoint.Host),
            var error when error.Contains("Access is denied", StringComparison.OrdinalIgnoreCase) =>
                new DirectoryException(FailureClass.Permission, Reason.InsufficientRights,
                    $"{target.PrivilegedAccount} may not set local passwords on {endpoint.Host}: make it a local "
                    + "administrator.", endpoint.Host),
            _ => new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"Set-LocalUser on {endpoint.Host} failed for {user} with exit status {result.ExitStatus}.",
                endpoint.Host),
        };
}
