using Grpc.Core;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.EndToEnd;

/// <summary>
/// The DC stops answering (SIGSTOP) while a save-and-sync is applying, and stays stopped until the rotation's lease
/// has expired; then it resumes (SIGCONT) and may carry out the write it had already received, after the gateway gave
/// up on it. Whatever happened, the vault must end up with the password AD has. Runs against a DC of its own, so the
/// shared DC is never stopped under other tests.
/// </summary>
[Collection(EndToEndSequence.Name)]
public sealed class DirectoryFrozenDuringApplyTests(DedicatedDirectorySuite suite)
    : EndToEndTest<DedicatedDirectorySuite>(suite), IClassFixture<DedicatedDirectorySuite>
{
    private static readonly TimeSpan Lease = TimeSpan.Parse(
        EndToEndSettings.ShortLeases["Gateway:Sync:RotationLease"], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task After_the_DC_resumes_AD_and_the_vault_agree()
    {
        var directory = Suite.Directory;
        var dc = directory.Controller;
        await using var accounts = new AdAccounts(dc);
        using var api = new ApiScenario(Suite);
        var account = (await accounts.CreateAsync(1))[0];
        await api.RegisterDirectoryAsync(dc);
        var listId = await api.CreateReadyListAsync($"e2e frozen dc {accounts.RunId}");
        var record = await api.AddRecordAsync(listId, dc, account.SamAccountName, account.InitialPassword);

        // One ordinary save and sync first: it proves the path works, and leaves directory-sync holding an open, bound
        // connection to the DC, so the next write goes out at once on it and lands in the frozen DC's socket instead
        // of waiting in a TLS handshake.
        var warmUp = await api.Sync.SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            NewPassword = accounts.NewPassword(),
        }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(warmUp.VaultUpdated && warmUp.Verified, $"Save and sync before the freeze: {warmUp}\n{Suite.Diagnostics()}");
        record = await api.GetRecordAsync(record.Id);

        var newPassword = accounts.NewPassword();
        var saving = api.Sync.SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            NewPassword = newPassword,
        }, deadline: DateTime.UtcNow.AddMinutes(3), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync;

        // The pending password is durable before anything touches the directory: freeze the moment it shows.
        await Eventually.UntilAsync("the rotation to begin", () => api.GetRecordAsync(record.Id),
            r => r.RotationPending || saving.IsCompleted, TimeSpan.FromSeconds(60), r => r?.ToString() ?? "nothing",
            Suite.Diagnostics, TimeSpan.FromMilliseconds(2));
        directory.Freeze();
        var missedTheApply = saving.IsCompletedSuccessfully && (await saving).Verified;
        try
        {
            // Past the lease: the gateway's apply deadline runs out, the lease expires, the reconciler may try.
            await Task.Delay(Lease + TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
        finally
        {
            directory.Thaw();
        }

        string answer;
        try
        {
            var outcome = await saving;
            answer = $"save and sync answered vaultUpdated={outcome.VaultUpdated} reason={outcome.ReasonCode}";
        }
        catch (RpcException e)
        {
            answer = $"save and sync failed with {e.StatusCode}";
        }

        var settled = await Eventually.UntilAsync("the pending rotation to be settled",
            () => api.GetRecordAsync(record.Id), r => !r.RotationPending, EndToEndSettings.SettleTimeout,
            r => r?.ToString() ?? "nothing", Suite.Diagnostics, TimeSpan.FromSeconds(1));
        var vault = await api.RevealAsync(record.Id);
        AdProof.AssertAdEqualsVault(dc, account, vault, newPassword, Suite.Diagnostics);
        TestContext.Current.SendDiagnosticMessage(
            $"Frozen DC: {answer}; the vault kept the {(vault == newPassword ? "new" : "previous")} password; "
            + $"sync state {settled.SyncState}; apply already finished before the freeze: {missedTheApply}.");
        Suite.AssertNoSecretLeaked(api.Secrets.Concat(accounts.Passwords).Append(dc.AdminPassword));
    }
}
