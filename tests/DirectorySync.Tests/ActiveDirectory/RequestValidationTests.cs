using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

/// <summary>Bad requests are refused at the edge, naming every offending field, and change nothing in the directory.</summary>
public sealed class RequestValidationTests : IAsyncLifetime
{
    private static readonly string[] ResetViolations =
    [
        "target.endpoints[1].host", "target.endpoints[1].port", "target.privileged_password",
        "target.ca_certificate_pem", "new_password", "pinned_server",
    ];

    private static readonly string[] KindViolations = ["account", "target.kind"];

    private readonly DirectorySyncHost host = new();

    [Fact]
    public async Task Reset_with_bad_fields_names_them_all_and_leaves_the_account_untouched()
    {
        var user = SambaDomain.CreateUser();
        var pwdLastSet = SambaDomain.Read(user.Dn, "pwdLastSet");
        var target = SambaDomain.Target();
        target.CaCertificatePem = "not a certificate";
        target.Endpoints.Add(new Endpoint { Host = "bad host", Port = 70000 });
        target.PrivilegedPassword = "";

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.ResetPasswordAsync(
            new ResetPasswordRequest { Target = target, Account = user.Name, NewPassword = "", PinnedServer = "elsewhere:636" },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.GetReason());
        Assert.Equal(ResetViolations.Order(), error.GetViolatedFields().Order());
        Assert.Equal(pwdLastSet, SambaDomain.Read(user.Dn, "pwdLastSet"));
        Assert.True(SambaDomain.CanBind(user.Dn, user.Password));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Category.Contains("ActiveDirectory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_target_and_unknown_kind_are_refused()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => host.Client.VerifyPasswordAsync(
            new VerifyPasswordRequest { Account = "alice", Password = "x" },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var target = SambaDomain.Target();
        target.Kind = TargetKind.Unspecified;
        var unknownKind = await Assert.ThrowsAsync<RpcException>(() => host.Client.VerifyPasswordAsync(
            new VerifyPasswordRequest { Target = target, Account = "", Password = "x" },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(["target"], missing.GetViolatedFields());
        Assert.Equal(KindViolations.Order(), unknownKind.GetViolatedFields().Order());
    }

    [Fact]
    public async Task Active_directory_target_may_not_allow_plaintext()
    {
        var target = SambaDomain.Target();
        target.AllowPlaintext = true;

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.TestTargetAsync(
            new TestTargetRequest { Target = target },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(["target.allow_plaintext"], error.GetViolatedFields());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        host.Logs.AssertNoneContains([SambaDomain.AdminPassword]);
        await host.DisposeAsync();
    }
}
