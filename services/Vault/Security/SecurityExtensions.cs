using Grpc.AspNetCore.Server;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Vault.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// The vault as an internal service: section <c>Vault:Security</c>, gRPC on 5101 (mutual TLS), health on 5111.
    /// The start-up log category is the one this line had before the shared code existed, so filters keep matching.
    /// </summary>
    public static readonly InternalTlsService Service = new("vault", "Vault:Security", DefaultGrpcPort: 5101,
        DefaultHealthPort: 5111, StartupLogCategory: "PasswordSync.Vault.Security.SecurityStartupLog");

    /// <summary>
    /// Mutual TLS toward the gateway, the caller resolver and the interceptor that refuses everyone else. Call before
    /// any other gRPC interceptor is added, so refusal happens first.
    /// </summary>
    public static IHostApplicationBuilder AddVaultSecurity(this IHostApplicationBuilder builder)
    {
        builder.AddInternalTls(Service);
        builder.Services.AddSingleton<ICallerResolver, GatewayCallerResolver>();
        builder.Services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<GatewayOnlyInterceptor>());
        return builder;
    }
}
