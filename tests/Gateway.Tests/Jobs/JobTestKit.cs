using Microsoft.Extensions.DependencyInjection;
using PasswordSync.Common.V1;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Gateway.Tests.Jobs.Support;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Tests.Jobs;

/// <summary>
/// One test's world: the suite's real vault, a gateway whose rotation engines are test doubles (see
/// <see cref="ScriptedRotator"/>, <see cref="ScriptedResolver"/>), and a ready list with an AD target of its own.
/// </summary>
internal sealed class JobTestKit : IAsyncDisposable
{
    private JobTestKit(BackendsFixture suite, VaultSeed seed, ScriptedRotator rotator, ScriptedResolver resolver)
    {
        Suite = suite;
        Seed = seed;
        Rotator = rotator;
        Resolver = resolver;
    }

    public BackendsFixture Suite { get; }

    public VaultSeed Seed { get; }

    public ScriptedRotator Rotator { get; }

    public ScriptedResolver Resolver { get; }

    public DoubledGateway? Gateway { get; private set; }

    public V1.Sync.SyncClient Admin => Gateway!.Sync(Suite.AdminKey);

    public PasswordList List { get; private set; } = new();

    public string Domain { get; private set; } = "";

    public static async Task<JobTestKit> CreateAsync(BackendsFixture suite, bool startGateway = true,
        IReadOnlyDictionary<string, string>? configuration = null)
    {
        var kit = new JobTestKit(suite, new VaultSeed(suite.Backends),
            new ScriptedRotator(suite.Backends), new ScriptedResolver(suite.Backends));
        kit.Domain = VaultSeed.Unique("job") + ".test";
        await kit.Seed.CreateAdTargetAsync(kit.Domain);
        kit.List = await kit.Seed.CreateReadyListAsync(VaultSeed.Unique("jobs"));
        if (startGateway)
        {
            kit.StartGateway(configuration);
        }

        return kit;
    }

    public DoubledGateway StartGateway(IReadOnlyDictionary<string, string>? configuration = null)
    {
        Gateway = new DoubledGateway(Suite, services =>
        {
            services.AddSingleton<IRecordRotator>(Rotator);
            services.AddSingleton<IPendingRotationResolver>(Resolver);
        }, configuration);
        return Gateway;
    }

    public async Task<List<Record>> AddAdRecordsAsync(int count, string prefix = "job-u", string? domain = null)
    {
        var records = new List<Record>();
        for (var i = 0; i < count; i++)
        {
            records.Add(await Seed.AddRecordAsync(List.Id, $"{prefix}{i:D2}", AccountType.Windows, domain ?? Domain));
        }

        return records;
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        Seed.Dispose();
        Rotator.Dispose();
        Resolver.Dispose();
    }
}
