using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

internal static class ActiveDirectoryRegistration
{
    public static IServiceCollection AddActiveDirectoryConnector(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Shared with the OpenLDAP connector: one CA folder per distinct CA for the process, deleted with the container.
        services.TryAddSingleton<LdapTrustDirectory>();
        services.AddSingleton<AdConnectionFactory>();
        // Shared with the OpenLDAP connector: one privileged pool and one bind pool, one account-DN cache.
        services.TryAddSingleton<LdapConnectionPools>();
        services.TryAddSingleton<AccountDnCache>();
        services.AddSingleton<AdDomainCache>();
        services.AddSingleton<PdcLocator>();
        services.AddSingleton<AdTargetTester>();
        services.AddSingleton<AdConnector>();
        services.AddSingleton<IDirectoryConnector>(sp => sp.GetRequiredService<AdConnector>());
        return services;
    }
}
