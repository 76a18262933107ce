using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;
using Record = PasswordSync.Vault.V1.Record;

namespace PasswordSync.Vault.Tests.Integration;

/// <summary>Steps many vault integration tests share, written as what a user does.</summary>
public static class VaultHostScenarios
{
    public const string DomainOrHostKey = "generic1";
    public const string OwnerKey = "generic2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A list ready for synchronisation: every standard field, "Domain or Host" and "Owner" generic fields.</summary>
    public static async Task<PasswordList> CreateReadyListAsync(this VaultHost host, int preventReuseCount = 0,
        string? name = null)
    {
        var list = new PasswordList
        {
            Name = name ?? "List " + Guid.NewGuid().ToString("N")[..8],
            Description = "Integration test list",
            PreventReuseCount = preventReuseCount,
            Fields = new FieldConfiguration
            {
                StandardFields =
                {
                    StandardField.Title, StandardField.UserName, StandardField.AccountType, StandardField.Description,
                    StandardField.Url, StandardField.Notes, StandardField.ExpiryDate,
                },
                GenericFields =
                {
                    new GenericField { Key = DomainOrHostKey, Label = "Domain or Host" },
                    new GenericField { Key = OwnerKey, Label = "Owner" },
                },
            },
        };
        return await host.Lists().CreateListAsync(new CreateListRequest { List = list }, cancellationToken: Ct);
    }

    public static async Task<Record> CreateRecordAsync(this VaultHost host, string listId, string title,
        string password = "", string userName = "CORP\\svc-app", string domainOrHost = "corp.example.com",
        string actor = VaultHost.DefaultActor)
    {
        var record = new Record
        {
            ListId = listId,
            Title = title,
            UserName = userName,
            AccountType = AccountType.Windows,
            GenericValues = { [DomainOrHostKey] = domainOrHost },
        };
        return await host.Records(actor).CreateRecordAsync(
            new CreateRecordRequest { Record = record, InitialPassword = password }, cancellationToken: Ct);
    }

    /// <summary>Awaits a call expected to fail and returns its status, reason and offending fields.</summary>
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(code == exception.StatusCode, $"Expected {code} but got {exception.StatusCode}: {exception.Status.Detail}");
        return exception;
    }

    public static void AssertFields(RpcException exception, params string[] fields) =>
        Assert.Equal(fields.Order(StringComparer.Ordinal),
            exception.GetViolatedFields().Distinct().Order(StringComparer.Ordinal));
}
