using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PasswordSync.DirectorySync.Connectors.ActiveDirectory;

internal static class ActiveDirectoryRegistration
{
    public static IServiceCollection AddActiveDirectoryConnector(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CaTrustStore>();
        services.AddSingleton<AdConnectionFactory>();
        services.AddSingleton<AdConnectionPool>();
        services.AddSingleton<PdcLocator>();
        services.AddSingleton<AdTargetTester>();
        services.AddSingleton<AdConnector>();
        services.AddSingleton<IDirectoryConnector>(sp => sp.GetRequiredService<AdConnector>());
        return services;
    }
}
