using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.DirectorySync.Connectors.Ldap;
using PasswordSync.DirectorySync.Connectors.OpenLdap;
using PasswordSync.DirectorySync.Connectors.Ssh;

namespace PasswordSync.DirectorySync.Connectors;

/// <summary>Registers the OpenLDAP, SSH Linux and SSH Windows connectors (dispatched by their <see cref="IDirectoryConnector.Kinds"/>).</summary>
internal static class OpenLdapAndSshRegistration
{
    public static IServiceCollection AddOpenLdapAndSshConnectors(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // One CA folder per distinct target CA for the life of the process; disposed (deleted) with the container.
        services.TryAddSingleton<LdapTrustDirectory>();
        services.AddSingleton<LdapSessionFactory>();
        // Shared with the AD connector: one privileged pool and one bind pool, one account-DN cache.
        services.TryAddSingleton<LdapConnectionPools>();
        services.TryAddSingleton<AccountDnCache>();
        services.AddSingleton<OpenLdapConnections>();
        services.AddSingleton<IDirectoryConnector, OpenLdapConnector>();
        services.AddSingleton<IDirectoryConnector, LinuxSshConnector>();
        services.AddSingleton<IDirectoryConnector, WindowsSshConnector>();
        return services;
    }
}
