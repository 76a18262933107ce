using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.DirectorySync.Security;

public static class DirectorySyncSecurityExtensions
{
    /// <summary>Directory-sync as an internal service: section <c>DirectorySync:Security</c>, gRPC on 5102, health on 5112.</summary>
    public static readonly InternalTlsService Service = new("directory-sync", "DirectorySync:Security",
        DefaultGrpcPort: 5102, DefaultHealthPort: 5112,
        StartupLogCategory: "PasswordSync.DirectorySync.Security.SecurityStartupLog");

    /// <summary>
    /// Only the gateway may call directory-sync (it carries privileged directory credentials and resets passwords):
    /// mutual TLS with the gateway's certificate, every other caller refused. Call before any other gRPC interceptor
    /// is added, so refusal happens first.
    /// </summary>
    public static IHostApplicationBuilder AddDirectorySyncSecurity(this IHostApplicationBuilder builder) =>
        builder.AddInternalTls(Service).AddGatewayOnlyInterceptor();
}
