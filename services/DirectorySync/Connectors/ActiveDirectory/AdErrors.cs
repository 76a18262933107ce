using System.DirectoryServices.Protocols;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// Classifies LDAP failures of AD operations. Messages are fixed text plus server names and directory codes, never
/// anything that could hold a password (AD's own diagnostic text is safe: it never echoes attribute values).
/// </summary>
internal static class AdErrors
{
    public static bool IsServerDown(LdapException e) => e.ErrorCode == LdapResultCodes.ServerDown;

    /// <summary>A failure of a privileged bind: the target's own credential or the network, never the account.</summary>
    public static DirectoryException PrivilegedBind(LdapException e, string server)
    {
        if (e.ErrorCode != AdBindCode.InvalidCredentials)
        {
            return Operation(e, server, "binding with the privileged account");
        }

        var detail = AdBindCode.ToOutcome(AdBindCode.SubCode(e)) switch
        {
            VerifyOutcome.AccountLocked => "is locked out",
            VerifyOutcome.AccountDisabled => "is disabled",
            VerifyOutcome.AccountExpired => "has expired",
            VerifyOutcome.CorrectMustChange or VerifyOutcome.CorrectPasswordExpired => "must change its password",
            _ => "or its password is wrong",
        };
        return new DirectoryException(FailureClass.Credential, Reason.PrivilegedCredentials,
            $"The target's privileged account {detail} on {server}: update the target's privileged credential "
            + "in the vault (or fix the account in the directory).", server, e);
    }

    /// <summary>A failure of a search or modify.</summary>
    public static DirectoryException Operation(DirectoryOperationException e, string server, string what)
    {
        var code = (int)e.Response.ResultCode;
        var text = e.Response.ErrorMessage ?? "";
        return Classify(code, text, server, what, e);
    }

    public static DirectoryException Operation(LdapException e, string server, string what) =>
        Classify(e.ErrorCode, e.ServerErrorMessage ?? e.Message, server, what, e);

    private static DirectoryException Classify(int code, string text, string server, string what, Exception e)
    {
        if (text.Contains("0000052D", StringComparison.OrdinalIgnoreCase))
        {
            return new DirectoryException(FailureClass.Policy, Reason.PasswordPolicy,
                $"The directory refused the new password while {what} on {server}: it breaks the domain's password "
                + "policy (length, complexity, history or minimum age). Choose a password that satisfies the policy "
                + "(history also counts recent passwords on a change).", server, e);
        }

        if (text.Contains("00000056", StringComparison.OrdinalIgnoreCase))
        {
            return new DirectoryException(FailureClass.Credential, Reason.InvalidCredentials,
                $"The directory refused the change on {server}: the old password is wrong. Use a reset instead, or "
                + "supply the account's current password.", server, e);
        }

        return code switch
        {
            LdapResultCodes.InsufficientAccessRights => new DirectoryException(FailureClass.Permission, Reason.InsufficientRights,
                $"The privileged account lacks the right needed for {what} on {server}: delegate 'Reset password' "
                + "(and read of account attributes) on the target's base DN to it.", server, e),
            LdapResultCodes.NoSuchObject => new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"The directory has no such object while {what} on {server}: check the target's base DN.", server, e),
            LdapResultCodes.ConstraintViolation or LdapResultCodes.UnwillingToPerform => new DirectoryException(FailureClass.Policy,
                Reason.PasswordPolicy,
                $"The directory refused {what} on {server} (LDAP {code}): check the password against the domain's "
                + "policy.", server, e),
            LdapResultCodes.Busy or LdapResultCodes.Unavailable or LdapResultCodes.ServerDown
                or LdapResultCodes.LocalError or LdapResultCodes.Timeout or LdapResultCodes.ConnectError =>
                Transient(server, what, e),
            AdBindCode.InvalidCredentials => new DirectoryException(FailureClass.Credential,
                Reason.InvalidCredentials, $"The directory refused the credentials while {what} on {server}.",
                server, e),
            _ => new DirectoryException(FailureClass.Configuration, Reason.Configuration,
                $"The directory failed {what} on {server} with LDAP result {code}: check the target's settings.",
                server, e),
        };
    }

    public static DirectoryException Transient(string server, string what, Exception? e = null) =>
        new(FailureClass.Transient, Reason.Transient,
            $"The directory server {server} did not answer while {what}: it is down, busy or unreachable. "
            + "Retried automatically; if it persists, check the server and the network.", server, e);
}
