namespace PasswordSync.Gateway;

/// <summary>
/// This gateway process's identity as an owner of leases (pending rotations, bulk jobs). Unique per process start, so
/// a restarted gateway never mistakes a lease of its crashed predecessor for its own: it waits for the lease to expire
/// and claims it like any other instance.
/// </summary>
public sealed class GatewayInstance
{
    public GatewayInstance(string id) => Id = id;

    public string Id { get; }
}

public static class GatewayInstanceExtensions
{
    /// <summary><c>Gateway:InstanceName</c> (default: the host name) plus a per-start suffix.</summary>
    public static IServiceCollection AddGatewayInstance(this IServiceCollection services, IConfiguration configuration)
    {
        var name = configuration["Gateway:InstanceName"];
        if (string.IsNullOrWhiteSpace(name))
        {
            name = Environment.MachineName;
        }

        var id = $"{name[..Math.Min(name.Length, 64)]}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        services.AddSingleton(new GatewayInstance(id));
        return services;
    }
}
