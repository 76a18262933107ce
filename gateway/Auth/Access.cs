namespace PasswordSync.Gateway.Auth;

/// <summary>What an API key may do (architecture page: read, reveal, write, sync, admin).</summary>
public enum Access
{
    /// <summary>Lists, records (never passwords), readiness, targets, jobs.</summary>
    Read,

    /// <summary>Reveal a record's password or a history entry (always audited).</summary>
    Reveal,

    /// <summary>Create, update, delete lists, records and targets; set passwords in the vault only.</summary>
    Write,

    /// <summary>Check passwords against directories, save and sync, rotate, reports, bulk jobs.</summary>
    Sync,

    /// <summary>API keys and audit; implies every other permission on every list.</summary>
    Admin,
}
