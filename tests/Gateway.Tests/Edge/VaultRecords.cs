using Grpc.Net.Client;
using PasswordSync.Gateway.Tests.Harness;
using VaultV1 = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>
/// Reads and writes the vault directly (not through the gateway), so tests can set up a record and prove afterwards
/// that a refused request left it exactly as it was.
/// </summary>
internal sealed class VaultRecords(BackendProcesses backends) : IDisposable
{
    private readonly GrpcChannel channel = GrpcChannel.ForAddress(backends.VaultAddress);

    private VaultV1.PasswordRecords.PasswordRecordsClient Records => new(channel);

    private VaultV1.PasswordLists.PasswordListsClient Lists => new(channel);

    public async Task<VaultV1.Record> CreateRecordAsync(string name, string password)
    {
        var ct = TestContext.Current.CancellationToken;
        var list = await Lists.CreateListAsync(new VaultV1.CreateListRequest
        {
            List = new VaultV1.PasswordList
            {
                Name = $"edge-{name}-{Guid.NewGuid():N}",
                Fields = new VaultV1.FieldConfiguration
                {
                    StandardFields = { VaultV1.StandardField.Title, VaultV1.StandardField.UserName },
                },
            },
        }, cancellationToken: ct);
        return await Records.CreateRecordAsync(new VaultV1.CreateRecordRequest
        {
            Record = new VaultV1.Record { ListId = list.Id, Title = name, UserName = $"edge-{name}" },
            InitialPassword = password,
        }, cancellationToken: ct);
    }

    public async Task<VaultV1.Record> GetAsync(string id) =>
        await Records.GetRecordAsync(new VaultV1.GetRecordRequest { Id = id },
            cancellationToken: TestContext.Current.CancellationToken);

    public async Task<string> RevealAsync(string id) =>
        (await Records.RevealPasswordAsync(new VaultV1.RevealPasswordRequest { Id = id, Reason = "edge test" },
            cancellationToken: TestContext.Current.CancellationToken)).Password;

    public async Task<IReadOnlyList<string>> ListNamesAsync()
    {
        var names = new List<string>();
        var request = new VaultV1.ListListsRequest { PageSize = 1000 };
        for (var page = 0; page < 100; page++)
        {
            var response = await Lists.ListListsAsync(request, cancellationToken: TestContext.Current.CancellationToken);
            names.AddRange(response.Lists.Select(l => l.Name));
            if (response.NextPageToken.Length == 0)
            {
                break;
            }

            request.PageToken = response.NextPageToken;
        }

        return names;
    }

    /// <summary>Fails unless the record is exactly as it was: same version, no rotation pending, same password.</summary>
    public async Task AssertUnchangedAsync(VaultV1.Record before, string password)
    {
        var after = await GetAsync(before.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Null(after.PendingRotation);
        Assert.Equal(password, await RevealAsync(before.Id));
    }

    public void Dispose() => channel.Dispose();
}
