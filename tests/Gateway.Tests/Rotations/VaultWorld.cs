using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using PasswordSync.Common.V1;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Gateway.Tests.Rotations;

/// <summary>
/// Lists, records and the AD target made directly through the vault's own gRPC services (the public CRUD is another
/// engineer's work), and the vault-side truth the tests assert on: revealed passwords, history, pending rotations.
/// </summary>
internal sealed class VaultWorld : IDisposable
{
    private readonly GrpcChannel channel;

    public VaultWorld(Uri vaultAddress)
    {
        channel = GrpcChannel.ForAddress(vaultAddress);
        Lists = new PasswordLists.PasswordListsClient(channel);
        Records = new PasswordRecords.PasswordRecordsClient(channel);
        Targets = new TargetService.TargetServiceClient(channel);
        Journal = new RotationJournal.RotationJournalClient(channel);
        Material = new SyncMaterialService.SyncMaterialServiceClient(channel);
    }

    public PasswordLists.PasswordListsClient Lists { get; }

    public PasswordRecords.PasswordRecordsClient Records { get; }

    public TargetService.TargetServiceClient Targets { get; }

    public RotationJournal.RotationJournalClient Journal { get; }

    public SyncMaterialService.SyncMaterialServiceClient Material { get; }

    /// <summary>The test DC as an AD target answering to the domain's DNS and NetBIOS names.</summary>
    public async Task<Target> RegisterDomainAsync() => await Targets.CreateTargetAsync(new CreateTargetRequest
    {
        Target = new TargetSpec
        {
            Kind = TargetKind.ActiveDirectory,
            Names = { RotationDomain.Realm, RotationDomain.Realm.Split('.')[0].ToUpperInvariant() },
            Endpoints = { $"{RotationDomain.Host}:{RotationDomain.Port}" },
            CaCertificatePem = RotationDomain.CaPem,
            BaseDn = RotationDomain.BaseDn,
            PrivilegedAccount = RotationDomain.AdminUser,
            PrivilegedPassword = RotationDomain.AdminPassword,
        },
    });

    /// <summary>A list ready for synchronisation (User Name, Account Type, "Domain or Host").</summary>
    public async Task<PasswordList> CreateReadyListAsync(PasswordPolicy? policy = null)
    {
        var list = new PasswordList
        {
            Name = "rot-list-" + Guid.NewGuid().ToString("N")[..12],
            Fields = new FieldConfiguration
            {
                StandardFields = { StandardField.Title, StandardField.UserName, StandardField.AccountType },
                GenericFields = { new GenericField { Key = "generic1", Label = "Domain or Host" } },
            },
        };
        if (policy is not null)
        {
            list.Policy = policy;
        }

        return await Lists.CreateListAsync(new CreateListRequest { List = list });
    }

    public async Task<Record> CreateRecordAsync(PasswordList list, string userName, string password,
        AccountType type = AccountType.Windows) => await Records.CreateRecordAsync(new CreateRecordRequest
    {
        Record = new Record
        {
            ListId = list.Id,
            Title = userName,
            UserName = userName,
            AccountType = type,
            GenericValues = { ["generic1"] = RotationDomain.Realm },
        },
        InitialPassword = password,
    });

    public async Task<Record> GetAsync(string recordId) => await Records.GetRecordAsync(new GetRecordRequest { Id = recordId });

    public async Task<string> RevealAsync(string recordId) =>
        (await Records.RevealPasswordAsync(new RevealPasswordRequest { Id = recordId, Reason = "rotation test" })).Password;

    public async Task<IReadOnlyList<string>> RevealHistoryAsync(string recordId)
    {
        var history = await Records.GetPasswordHistoryAsync(new GetPasswordHistoryRequest { RecordId = recordId });
        var passwords = new List<string>();
        foreach (var entry in history.Entries)
        {
            passwords.Add((await Records.RevealHistoryEntryAsync(new RevealHistoryEntryRequest
            {
                RecordId = recordId,
                EntryId = entry.Id,
                Reason = "rotation test",
            })).Password);
        }

        return passwords;
    }

    /// <summary>The pending password the vault keeps for the record, or null.</summary>
    public async Task<string?> PendingPasswordAsync(string recordId) =>
        (await Material.GetSyncMaterialAsync(new GetSyncMaterialRequest { RecordId = recordId })).Pending?.Password;

    /// <summary>
    /// A rotation begun the way a gateway that then died would have left it: pending under a short lease, owned by an
    /// instance that no longer exists.
    /// </summary>
    public async Task<string> BeginAbandonedRotationAsync(string recordId, string password, TimeSpan lease)
    {
        var rotationId = "abandoned-" + Guid.NewGuid().ToString("N")[..12];
        await Journal.BeginRotationAsync(new BeginRotationRequest
        {
            RequestId = rotationId + ".begin",
            RecordId = recordId,
            RotationId = rotationId,
            NewPassword = password,
            Owner = "crashed-gateway/1/0",
            Lease = Duration.FromTimeSpan(lease),
            Reason = "test: abandoned by a crashed gateway",
        });
        return rotationId;
    }

    public void Dispose() => channel.Dispose();
}
