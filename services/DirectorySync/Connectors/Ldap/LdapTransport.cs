namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>How a connection to a target is protected, decided from the target's settings.</summary>
internal enum LdapTransport
{
    /// <summary>TLS from the first byte (ldaps://): the default.</summary>
    Ldaps,
    /// <summary>Plain connection upgraded with StartTLS before any bind; never falls back to plaintext.</summary>
    StartTls,
    /// <summary>No encryption: only when the target explicitly allows plaintext and does not ask for StartTLS.</summary>
    Plaintext,
}

internal static class LdapTransports
{
    public static LdapTransport For(DirectoryTarget target) => target switch
    {
        { UseStartTls: true } => LdapTransport.StartTls,
        { AllowPlaintext: true } => LdapTransport.Plaintext,
        _ => LdapTransport.Ldaps,
    };
}
