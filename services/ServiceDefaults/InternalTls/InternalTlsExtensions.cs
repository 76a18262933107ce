using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PasswordSync.ServiceDefaults.InternalTls;

public static class InternalTlsExtensions
{
    /// <summary>
    /// Mutual TLS toward the gateway for an internal service: options bound from <see cref="InternalTlsService.SectionName"/>
    /// and validated at start-up, the two Kestrel endpoints, the gateway identity check and the start-up security line.
    /// Does not add an interceptor: see <see cref="AddGatewayOnlyInterceptor"/>.
    /// </summary>
    public static IHostApplicationBuilder AddInternalTls(this IHostApplicationBuilder builder, InternalTlsService service)
    {
        builder.Services.AddSingleton(service);
        // Defaults first: Bind (below) then overrides them with whatever the section sets.
        builder.Services.Configure<InternalTlsOptions>(options =>
        {
            options.GrpcPort = service.DefaultGrpcPort;
            options.HealthPort = service.DefaultHealthPort;
        });
        builder.AddValidatedOptions<InternalTlsOptions>(service.SectionName);
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<InternalTlsOptions>, InternalTlsOptionsValidator>());
        builder.Services.AddSingleton<GatewayTrust>();
        builder.Services.AddSingleton<GatewayIdentity>();
        builder.Services.AddTransient<IConfigureOptions<KestrelServerOptions>, InternalTlsKestrelSetup>();
        builder.Services.AddHostedService<InternalTlsStartupLog>();
        return builder;
    }

    /// <summary>
    /// Refuses every non-gateway call. Call before any other gRPC interceptor is added, so refusal happens first.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayOnlyInterceptor(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<GatewayOnlyInterceptor>());
        return builder;
    }
}
