namespace PasswordSync.Gateway.Tests.Harness;

/// <summary>
/// One vault and one directory-sync process shared by a test class (xunit class fixture), with an in-process gateway
/// in front. Tests create their own lists/records/targets with unique names, so they do not depend on each other.
/// </summary>
public sealed class BackendsFixture : IAsyncLifetime
{
    private BackendProcesses? backends;
    private InProcessGateway? gateway;

    public BackendProcesses Backends => backends ?? throw new InvalidOperationException("Not started.");

    public InProcessGateway Gateway => gateway ?? throw new InvalidOperationException("Not started.");

    public string AdminKey { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        backends = await BackendProcesses.StartAsync();
        gateway = new InProcessGateway(backends);
        AdminKey = await gateway.CreateAdminKeyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        if (backends is not null)
        {
            await backends.DisposeAsync();
        }
    }
}
