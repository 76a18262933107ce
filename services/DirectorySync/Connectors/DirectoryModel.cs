namespace PasswordSync.DirectorySync.Connectors;

internal enum DirectoryKind
{
    ActiveDirectory,
    Ldap,
    SshLinux,
    SshWindows,
}

/// <summary>A password or other secret. ToString never prints it, so it cannot leak through logs or exceptions.</summary>
internal sealed class Secret(string value)
{
    public string Reveal() => value;

    public override string ToString() => "***";
}

/// <summary>A server of a target: host name (as the certificate names it) and port.</summary>
internal sealed record DirectoryEndpoint(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>
/// Everything a connector needs to reach a target, sent with each call (directory-sync is stateless).
/// Endpoints are tried in order; a later one only after a transient failure of the earlier ones.
/// </summary>
internal sealed record DirectoryTarget(
    string Id,
    DirectoryKind Kind,
    IReadOnlyList<DirectoryEndpoint> Endpoints,
    string BaseDn,
    string PrivilegedAccount,
    Secret PrivilegedPassword,
    string? CaCertificatePem,
    bool AcceptAnyCertificate,
    bool AllowPlaintext,
    bool UseStartTls,
    string? SshHostKeyFingerprint,
    TimeSpan OperationTimeout);

/// <summary>
/// An account as a user typed it: <c>name</c>, <c>DOMAIN\name</c> or <c>name@domain</c> (or a full DN for LDAP).
/// Connectors validate it for their kind before any network call.
/// </summary>
internal sealed record AccountName(string Value)
{
    public override string ToString() => Value;
}

internal enum VerifyOutcome
{
    /// <summary>The directory accepted the password.</summary>
    Accepted,
    /// <summary>The directory refused the password (wrong password).</summary>
    Rejected,
    /// <summary>The password is correct, but the account must change it before logging on (AD data 773).</summary>
    CorrectMustChange,
    /// <summary>The password is correct, but logon hours / workstation restrictions refuse the logon (AD 530/531).</summary>
    CorrectLogonRestricted,
    /// <summary>The password is correct, but it has expired (AD 532).</summary>
    CorrectPasswordExpired,
    AccountLocked,
    AccountDisabled,
    AccountExpired,
    AccountNotFound,
}

/// <summary>Result of a verify: the outcome, the server that answered and a sentence for people.</summary>
internal sealed record VerifyResult(VerifyOutcome Outcome, string Server, string Detail)
{
    /// <summary>True when the outcome proves the password is the directory's current one.</summary>
    public bool PasswordIsCorrect => Outcome is VerifyOutcome.Accepted or VerifyOutcome.CorrectMustChange
        or VerifyOutcome.CorrectLogonRestricted or VerifyOutcome.CorrectPasswordExpired;
}

/// <summary>Result of a reset or change: the server that took the write and its password-last-set value after it.</summary>
internal sealed record WriteResult(string Server, string? PasswordLastSetRaw);

/// <summary>The effective lockout policy that applies to one account.</summary>
internal sealed record LockoutPolicy(
    int Threshold,
    TimeSpan ObservationWindow,
    TimeSpan LockoutDuration,
    string Source);

/// <summary>An account's state, read without binding as it.</summary>
internal sealed record AccountState(
    bool Exists,
    bool Enabled,
    bool LockedOut,
    DateTimeOffset? LockedOutUntil,
    int BadPasswordCount,
    DateTimeOffset? LastBadPasswordTime,
    LockoutPolicy? LockoutPolicy,
    string? PasswordLastSetRaw,
    bool MustChangePassword,
    DateTimeOffset? AccountExpires,
    DateTimeOffset? PasswordExpires,
    string Server,
    string? DistinguishedName);

/// <summary>One account of a batch state read, with its name exactly as the caller gave it.</summary>
internal sealed record SettledAccountState(AccountName Account, AccountState State);

internal enum CheckStatus
{
    Passed,
    Failed,
    Warning,
    Skipped,
}

/// <summary>One line of a target test: what was checked, how it went, and what to do when it failed.</summary>
internal sealed record TargetCheck(string Name, CheckStatus Status, string Detail, string? Remedy);
