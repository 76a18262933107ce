using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Mutual TLS toward the gateway, the caller resolver and the interceptor that refuses everyone else. Call before
    /// any other gRPC interceptor is added, so refusal happens first.
    /// </summary>
    public static IHostApplicationBuilder AddVaultSecurity(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<VaultSecurityOptions>(VaultSecurityOptions.SectionName);
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<VaultSecurityOptions>, VaultSecurityOptionsValidator>());
        builder.Services.AddSingleton<GatewayTrust>();
        builder.Services.AddSingleton<ICallerResolver, GatewayCallerResolver>();
        builder.Services.AddTransient<IConfigureOptions<KestrelServerOptions>, VaultKestrelSetup>();
        builder.Services.AddHostedService<SecurityStartupLog>();
        builder.Services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<GatewayOnlyInterceptor>());
        return builder;
    }
}
