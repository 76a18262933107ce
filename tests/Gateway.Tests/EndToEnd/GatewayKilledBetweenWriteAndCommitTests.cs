using Grpc.Core;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.EndToEnd;

/// <summary>
/// Crash in the worst window: AD has taken the new password, the vault has not committed it. The gateway dies there
/// (crash point "after-apply", a real SIGKILL); restarted without the crash point, its reconciler finds the pending
/// password proven by AD and commits it. No password is lost.
/// </summary>
[Collection(EndToEndSequence.Name)]
public sealed class GatewayKilledBetweenWriteAndCommitTests(CrashAfterApplySuite suite)
    : EndToEndTest<CrashAfterApplySuite>(suite), IClassFixture<CrashAfterApplySuite>
{
    [Fact]
    public async Task The_reconciler_commits_the_password_AD_already_has()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        using var api = new ApiScenario(Suite);
        var account = (await accounts.CreateAsync(1))[0];
        await api.RegisterDirectoryAsync(dc);
        var listId = await api.CreateReadyListAsync($"e2e crash window {accounts.RunId}");
        var record = await api.AddRecordAsync(listId, dc, account.SamAccountName, account.InitialPassword);

        var newPassword = accounts.NewPassword();
        var error = await Assert.ThrowsAsync<RpcException>(() => api.Sync.SaveAndSyncAsync(new SaveAndSyncRequest
        {
            RecordId = record.Id,
            Version = record.Version,
            NewPassword = newPassword,
        }, deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.True(await Suite.Gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)),
            $"The gateway did not die at the crash point (the call failed with {error.StatusCode}).\n{Suite.Diagnostics()}");

        // The crash came after the directory write: AD already holds the new password, the vault did not commit it.
        AdProof.AssertAccepts(dc, account, newPassword, "the password written just before the crash", Suite.Diagnostics);

        await Suite.Gateway.RestartAsync(new Dictionary<string, string?> { [CrashAfterApplySuite.CrashPointKey] = null });
        var left = await api.GetRecordAsync(record.Id);
        Assert.True(left.RotationPending, $"The crash left no pending rotation: {left}");

        var settled = await Eventually.UntilAsync("the reconciler to settle the pending rotation",
            () => api.GetRecordAsync(record.Id), r => !r.RotationPending, EndToEndSettings.SettleTimeout,
            r => r?.ToString() ?? "nothing", Suite.Diagnostics, TimeSpan.FromSeconds(1));

        var vault = await api.RevealAsync(record.Id);
        Assert.True(vault == newPassword, "The vault did not commit the password AD took before the crash.\n"
            + Suite.Diagnostics());
        AdProof.AssertAdEqualsVault(dc, account, vault, newPassword, Suite.Diagnostics);
        Assert.NotEqual(SyncState.OutOfSync, settled.SyncState);
        Suite.AssertNoSecretLeaked(api.Secrets.Concat(accounts.Passwords));
    }
}
