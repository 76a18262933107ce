namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>How password checks guard against lockouts (<c>Gateway:Checks</c>).</summary>
public sealed class CheckOptions
{
    public const string Section = "Gateway:Checks";

    /// <summary>
    /// How far the directory's clock may be ahead of or behind ours. A failed logon counts as outside the observation
    /// window only when it is older than the window plus this allowance, so clock skew can only make a check skip,
    /// never bind where it should not.
    /// </summary>
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Bind even when the directory reports no lockout policy for the account (SSH hosts: directory-sync does not read
    /// pam_faillock counters). Off by default: "unknown" is not "safe". Turn it on only for hosts known not to lock.
    /// </summary>
    public bool BindWhenLockoutPolicyUnknown { get; set; }

    /// <summary>Deadline of each directory-sync call of a check (account state, bind).</summary>
    public TimeSpan DirectoryCallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deadline of each vault call of a check.</summary>
    public TimeSpan VaultCallTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
