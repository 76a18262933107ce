using System.DirectoryServices.Protocols;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>
/// Turns S.DS.Protocols failures into classified <see cref="DirectoryException"/>s. Messages are built from fixed text,
/// DNs, servers and result codes only (S.DS.Protocols never echoes a password, but we do not forward its text blindly).
/// </summary>
internal static class LdapFailures
{
    public static DirectoryException Transient(string server, string what, Exception inner) =>
        new(FailureClass.Transient, Reason.Transient,
            $"The directory {server} did not answer ({what}); the operation can be retried later.", server, inner);

    /// <summary>A failed write or read after a successful bind.</summary>
    public static DirectoryException FromOperation(Exception exception, string server, string accountDn) =>
        exception switch
        {
            DirectoryOperationException { Response: { } response } => FromResult(response, server, accountDn, exception),
            LdapException { ErrorCode: var code } when LdapResultCodes.IsTransient(code) =>
                Transient(server, $"LDAP error {code}", exception),
            TimeoutException => Transient(server, "timed out", exception),
            LdapException ldap => new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"The directory {server} failed the request on {accountDn} with LDAP error {ldap.ErrorCode}.", server,
                exception),
            // Not retried: an unexplained failure repeated could cost the account a lockout.
            _ => new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"The request to {server} failed unexpectedly ({exception.GetType().Name}).", server, exception),
        };

    private static DirectoryException FromResult(DirectoryResponse response, string server, string accountDn,
        Exception inner)
    {
        var policyError = PasswordPolicyControl.FindError(response.Controls);
        if (policyError is { } error && PolicyRefusal(error, server, accountDn, inner) is { } refusal)
        {
            return refusal;
        }

        var message = response.ErrorMessage ?? string.Empty;
        return response.ResultCode switch
        {
            ResultCode.ConstraintViolation => PolicyFromText(message, server, accountDn, inner),
            ResultCode.InsufficientAccessRights when message.Contains("restricted", StringComparison.OrdinalIgnoreCase) =>
                new DirectoryException(FailureClass.Credential, Reason.MustChangePassword,
                    $"{accountDn} must change its password before doing anything else (ppolicy pwdReset).", server, inner),
            ResultCode.InsufficientAccessRights => new DirectoryException(FailureClass.Permission,
                Reason.InsufficientRights,
                $"The privileged account may not set the password of {accountDn} on {server}: grant it write access "
                + "to userPassword under the target's base DN (an olcAccess / access to attrs=userPassword rule).",
                server, inner),
            ResultCode.NoSuchObject => new DirectoryException(FailureClass.Configuration, Reason.AccountNotFound,
                $"The account {accountDn} does not exist on {server}.", server, inner),
            ResultCode.Busy or ResultCode.Unavailable or ResultCode.TimeLimitExceeded =>
                Transient(server, $"result {response.ResultCode}", inner),
            ResultCode.ConfidentialityRequired or ResultCode.StrongAuthRequired =>
                new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                    $"{server} requires a protected connection for this request: use LDAPS or StartTLS for the target.",
                    server, inner),
            ResultCode.UnwillingToPerform => new DirectoryException(FailureClass.Policy, Reason.PasswordPolicy,
                $"{server} is unwilling to change the password of {accountDn} (its password policy may forbid users "
                + "changing their own password, pwdAllowUserChange).", server, inner),
            _ => new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"{server} refused the request on {accountDn}: {response.ResultCode}.", server, inner),
        };
    }

    private static DirectoryException? PolicyRefusal(PasswordPolicyError error, string server, string accountDn,
        Exception inner)
    {
        string? rule = error switch
        {
            PasswordPolicyError.PasswordTooShort =>
                "the new password is shorter than the policy's minimum length (pwdMinLength)",
            PasswordPolicyError.PasswordInHistory =>
                "the new password was used recently (in the policy's password history, pwdInHistory)",
            PasswordPolicyError.PasswordTooYoung =>
                "the password was changed too recently to change again (the policy's minimum age, pwdMinAge)",
            PasswordPolicyError.InsufficientPasswordQuality =>
                "the new password fails the policy's quality check (pwdCheckQuality)",
            PasswordPolicyError.PasswordModNotAllowed => "the policy does not let this account change its password",
            PasswordPolicyError.MustSupplyOldPassword => "the policy requires the old password (pwdSafeModify)",
            _ => null,
        };
        return rule is null
            ? null
            : new DirectoryException(FailureClass.Policy, Reason.PasswordPolicy,
                $"The directory's password policy refused the new password for {accountDn}: {rule}. Choose a "
                + "password that satisfies the policy.", server, inner);
    }

    // Servers that do not send the ppolicy response control still say which rule failed in the text.
    private static DirectoryException PolicyFromText(string text, string server, string accountDn, Exception inner)
    {
        var error = text switch
        {
            _ when text.Contains("history", StringComparison.OrdinalIgnoreCase) => PasswordPolicyError.PasswordInHistory,
            _ when text.Contains("too young", StringComparison.OrdinalIgnoreCase) => PasswordPolicyError.PasswordTooYoung,
            _ when text.Contains("too short", StringComparison.OrdinalIgnoreCase) => PasswordPolicyError.PasswordTooShort,
            _ when text.Contains("old password", StringComparison.OrdinalIgnoreCase) =>
                PasswordPolicyError.MustSupplyOldPassword,
            _ => PasswordPolicyError.InsufficientPasswordQuality,
        };
        return PolicyRefusal(error, server, accountDn, inner)!;
    }
}
