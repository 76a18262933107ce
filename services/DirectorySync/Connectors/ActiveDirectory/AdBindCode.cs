using System.DirectoryServices.Protocols;
using System.Text.RegularExpressions;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

/// <summary>
/// AD explains a failed bind (LDAP 49) with a hex sub-code in the server message: "... AcceptSecurityContext error,
/// data 52e, v4563". Some of those codes are only returned for a CORRECT password (773, 530, 531, 532), which is
/// evidence the reconciler relies on, so they must never be folded into "rejected".
/// </summary>
internal static partial class AdBindCode
{
    public const int InvalidCredentials = LdapResultCodes.InvalidCredentials;

    public static string? SubCode(LdapException exception) =>
        exception.ServerErrorMessage is { } message && DataCode().Match(message) is { Success: true } match
            ? match.Groups[1].Value.ToLowerInvariant()
            : null;

    public static VerifyOutcome ToOutcome(string? subCode) => subCode switch
    {
        "525" => VerifyOutcome.AccountNotFound,
        "530" or "531" => VerifyOutcome.CorrectLogonRestricted,
        "532" => VerifyOutcome.CorrectPasswordExpired,
        "533" => VerifyOutcome.AccountDisabled,
        "701" => VerifyOutcome.AccountExpired,
        "773" => VerifyOutcome.CorrectMustChange,
        "775" => VerifyOutcome.AccountLocked,
        _ => VerifyOutcome.Rejected, // 52e and anything unknown: never claim a password is right without proof
    };

    public static string Describe(VerifyOutcome outcome) => outcome switch
    {
        VerifyOutcome.Accepted => "The directory accepted the password.",
        VerifyOutcome.Rejected => "The directory rejected the password (wrong password).",
        VerifyOutcome.CorrectMustChange =>
            "The password is correct, but the account must change it at next logon.",
        VerifyOutcome.CorrectLogonRestricted =>
            "The password is correct, but logon-hours or workstation restrictions refuse the logon now.",
        VerifyOutcome.CorrectPasswordExpired => "The password is correct, but it has expired.",
        VerifyOutcome.AccountLocked => "The account is locked out: unlock it in the directory, then check again.",
        VerifyOutcome.AccountDisabled => "The account is disabled: enable it in the directory, then check again.",
        VerifyOutcome.AccountExpired => "The account has expired: extend its expiry date in the directory.",
        VerifyOutcome.AccountNotFound => "The account does not exist under the target's base DN.",
        _ => outcome.ToString(),
    };

    [GeneratedRegex(@"data ([0-9a-fA-F]{3,8})", RegexOptions.CultureInvariant)]
    private static partial Regex DataCode();
}
