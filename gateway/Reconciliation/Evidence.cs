namespace PasswordSync.Gateway.Reconciliation;

/// <summary>What one lockout-safe bind attempt established about one candidate password.</summary>
internal sealed record Evidence(EvidenceKind Kind, string ReasonCode, string Detail, string Server = "",
    string PasswordLastSetRaw = "")
{
    public static Evidence Proven(string server, string passwordLastSetRaw, string detail) =>
        new(EvidenceKind.Proven, "", detail, server, passwordLastSetRaw);
}

internal enum EvidenceKind
{
    /// <summary>The directory accepted it, or answered with a code it gives only for the right password.</summary>
    Proven,

    /// <summary>The directory said the password is wrong.</summary>
    Rejected,

    /// <summary>No bind was made, or its answer proves nothing (account problem, directory unavailable).</summary>
    Unproven,
}
