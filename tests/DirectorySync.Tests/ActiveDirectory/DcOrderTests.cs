using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>The PDC emulator (found through fsmoRoleOwner) is tried first, wherever the target lists it.</summary>
public sealed class DcOrderTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();

    [Fact]
    public async Task Pdc_emulator_listed_second_is_tried_first()
    {
        var user = SambaDomain.CreateUser();
        // First endpoint: the DC's bare address, whose certificate check fails (a configuration error, which is never
        // failed over). The call can only succeed if the PDC, listed second, is put first.
        var target = SambaDomain.Target(host: SambaDomain.Address);
        target.Endpoints.Add(new Endpoint { Host = SambaDomain.Host, Port = (uint)SambaDomain.Port });

        var reply = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            Target = target,
            Account = user.Name,
            Password = user.Password,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.Accepted, reply.Outcome);
        Assert.Equal($"{SambaDomain.Host}:{SambaDomain.Port}", reply.Server);
        Assert.Contains(host.Logs.Entries, e => e.EventId == 2104 && e.Text.Contains(SambaDomain.Host, StringComparison.OrdinalIgnoreCase));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains([SambaDomain.AdminPassword]);
        await host.DisposeAsync();
    }
}
