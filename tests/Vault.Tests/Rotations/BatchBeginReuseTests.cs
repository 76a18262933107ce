using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Rotations;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Rotations;

/// <summary>
/// A batch begin reads each list's reuse rule once per batch: every record is still judged by its own list's rule,
/// and a refused record is not begun while the others are.
/// </summary>
public sealed class BatchBeginReuseTests : IAsyncLifetime
{
    private const string CurrentPassword = "Current-Pa55word!batch";
    private MtlsVaultHost host = null!;
    private RotationJournal.RotationJournalClient journal = null!;

    public ValueTask InitializeAsync()
    {
        host = MtlsVaultHost.Start();
        journal = new RotationJournal.RotationJournalClient(host.AsGateway("batch-tester"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertContainsNone(CurrentPassword);
        await host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_record_of_a_batch_is_judged_by_its_own_lists_reuse_rule()
    {
        // Two lists: one forbids reusing the current password, the other does not. Both records try it again.
        var strict = await host.SeedRecordAsync(CurrentPassword, preventReuseCount: 1);
        var strictSibling = await SeedSiblingAsync(strict);
        var lenient = await host.SeedRecordAsync(CurrentPassword, preventReuseCount: 0);
        var request = new BeginRotationsRequest();
        request.Items.Add(new[] { strict, lenient, strictSibling }.Select(record => Begin(record.Id)));

        var response = await journal.BeginRotationsAsync(request, cancellationToken: Ct);

        Assert.Equal((int)StatusCode.FailedPrecondition, response.Results[0].Error?.Code);
        Assert.Equal("PASSWORD_REUSED", response.Results[0].Error?.Reason);
        Assert.Null(response.Results[1].Error);
        Assert.NotNull(response.Results[1].State?.Pending);
        Assert.Equal((int)StatusCode.FailedPrecondition, response.Results[2].Error?.Code);
        Assert.Null((await host.ReadRecordAsync(strict.Id)).Pending);
        Assert.Null((await host.ReadRecordAsync(strictSibling.Id)).Pending);
        Assert.NotNull((await host.ReadRecordAsync(lenient.Id)).Pending);
    }

    /// <summary>A second record in <paramref name="of"/>'s list, with the same current password.</summary>
    private async Task<PasswordRecord> SeedSiblingAsync(PasswordRecord of)
    {
        var id = MtlsVaultHost.NewId();
        var dataKey = host.Cipher.NewDataKey(id);
        return await host.Store.Records.CreateAsync(of with
        {
            Id = id,
            Title = "record " + id,
            UserName = "svc-sibling",
            DataKey = dataKey,
            SealedPassword = host.Cipher.Seal(dataKey, id, RecordFields.Password, CurrentPassword),
            Version = 0,
        }, new AuditDraft { Action = AuditAction.RecordCreated, Actor = "test", ListId = of.ListId, RecordId = id }, Ct);
    }

    private static BeginRotationRequest Begin(string recordId)
    {
        var rotationId = MtlsVaultHost.NewId();
        return new BeginRotationRequest
        {
            RequestId = "begin-" + rotationId,
            RecordId = recordId,
            RotationId = rotationId,
            NewPassword = CurrentPassword,
            Owner = "gateway-1",
            Lease = Duration.FromTimeSpan(TimeSpan.FromSeconds(60)),
            Reason = "bulk",
        };
    }
}
