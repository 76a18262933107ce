using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>
/// User names carrying LDAP filter metacharacters must find nothing, never another account: unescaped, "*" or
/// "x)(sAMAccountName=*" would match Administrator (real Samba DC).
/// </summary>
public sealed class FilterInjectionTests : IAsyncLifetime
{
    private readonly DirectorySyncHost host = new();

    public static TheoryData<string> HostileNames => new()
    {
        "*",
        "Administrator*",
        "Adm*",
        "*)(sAMAccountName=Administrator",
        "x)(|(sAMAccountName=*)",
        "Administrator)",
        "(Administrator",
        "\\",
        "Administrator\\",
        "Administrator\0",
        "Admin\0istrator",
        "*@pwsync.test",
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Name_with_filter_metacharacters_finds_nothing(string name)
    {
        var verify = await host.Client.VerifyPasswordAsync(new VerifyPasswordRequest
        {
            // The admin's real password: a filter that matched Administrator would report "accepted".
            Target = SambaDomain.Target(),
            Account = name,
            Password = SambaDomain.AdminPassword,
        }, cancellationToken: TestContext.Current.CancellationToken);
        var state = await host.Client.GetAccountStateAsync(new GetAccountStateRequest
        {
            Target = SambaDomain.Target(),
            Account = name,
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(VerifyOutcome.AccountNotFound, verify.Outcome);
        Assert.False(state.Exists);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains([SambaDomain.AdminPassword]);
        await host.DisposeAsync();
    }
}
