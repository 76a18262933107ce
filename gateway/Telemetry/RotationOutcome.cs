namespace PasswordSync.Gateway.Telemetry;

/// <summary>How one rotation attempt ended (the <c>passwordsync.outcome</c> tag of <c>passwordsync.rotations</c>).</summary>
internal static class RotationOutcome
{
    /// <summary>The directory took the password and the vault committed it.</summary>
    public const string Committed = "committed";

    /// <summary>The directory took the password; the vault did not confirm the commit (the reconciler settles it).</summary>
    public const string CommitUnconfirmed = "commit_unconfirmed";

    /// <summary>The directory certainly refused the password; the vault dropped the pending one.</summary>
    public const string Aborted = "aborted";

    /// <summary>The outcome is unknown: the password stays pending for the reconciler.</summary>
    public const string Pending = "pending";

    /// <summary>
    /// The call ended with an error instead of an outcome: refused before anything started (not sync-enabled, version
    /// conflict, a rotation already pending), or a vault call failed. The reason tag holds the reason code.
    /// </summary>
    public const string Error = "error";
}
