using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Tests.Ldap;

public sealed class LibLdapDefaultsTests
{
    [Fact]
    public void Libldap_is_told_to_restart_calls_interrupted_by_signals()
    {
        // Without LDAP_OPT_RESTART, a SIGCHLD landing during connect made binds fail with "server down" now and then.
        Assert.True(LibLdapDefaults.EnsureApplied());
    }
}
