namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>The process's two connection pools, shared by the AD and OpenLDAP connectors (one singleton).</summary>
internal sealed class LdapConnectionPools(TimeProvider time) : IDisposable
{
    public LdapConnectionPool Privileged { get; } = new(time, LdapConnectionRole.Privileged);

    public LdapConnectionPool Bind { get; } = new(time, LdapConnectionRole.Bind);

    public void Dispose()
    {
        Privileged.Dispose();
        Bind.Dispose();
    }
}
