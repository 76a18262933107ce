namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>What a pooled connection is for; the two kinds never mix (each has its own pool and key).</summary>
internal enum LdapConnectionRole
{
    /// <summary>Bound as the target's privileged account: searches, state reads, resets.</summary>
    Privileged,

    /// <summary>Only ever used to bind as an end user (verify), then to read as that user; never for privileged work.</summary>
    Bind,
}
