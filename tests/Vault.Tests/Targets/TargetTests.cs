using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Targets;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;
using TargetKind = PasswordSync.Common.V1.TargetKind;

namespace PasswordSync.Vault.Tests.Targets;

/// <summary>Targets through a real mTLS channel: strict validation, unique names, sealed privileged password.</summary>
public sealed class TargetTests : IAsyncLifetime
{
    private const string PrivilegedPassword = "Priv-Secret-Target-1!";
    private const string ReplacementPassword = "Priv-Secret-Target-2!";
    private MtlsVaultHost _host = null!;
    private TargetService.TargetServiceClient _targets = null!;

    public ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        _targets = new TargetService.TargetServiceClient(_host.AsGateway("admin"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Logs.AssertContainsNone(PrivilegedPassword, ReplacementPassword);
        await _host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Created_target_is_returned_without_its_password_which_is_stored_sealed()
    {
        var request = GatewayIdentityTests.ValidTarget("pwsync.test", PrivilegedPassword);
        request.Target.Names.Add("PWSYNC");
        request.Target.CaCertificatePem = _host.State.Pki.InternalCa.ExportCertificatePem();
        var created = await _targets.CreateTargetAsync(request, cancellationToken: Ct);
        var fetched = await _targets.GetTargetAsync(new GetTargetRequest { TargetId = created.Id }, cancellationToken: Ct);

        Assert.Equal(created, fetched);
        Assert.Equal(["pwsync.test", "PWSYNC"], fetched.Names);
        Assert.Equal(1, fetched.Version);
        Assert.DoesNotContain(PrivilegedPassword, fetched.ToString(), StringComparison.Ordinal);
        var stored = (await _host.Store.Targets.GetAsync(created.Id, Ct))!;
        Assert.Equal(PrivilegedPassword, _host.Cipher.OpenStandalone(created.Id, TargetFields.PrivilegedPassword,
            stored.SealedPrivilegedPassword));
        Assert.True(stored.SealedPrivilegedPassword.AsSpan()
            .IndexOf(System.Text.Encoding.UTF8.GetBytes(PrivilegedPassword)) < 0);
    }

    [Fact]
    public async Task Names_are_unique_across_targets_ignoring_case()
    {
        await _targets.CreateTargetAsync(GatewayIdentityTests.ValidTarget("dc1.pwsync.test", PrivilegedPassword),
            cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<RpcException>(() => _targets.CreateTargetAsync(
            GatewayIdentityTests.ValidTarget("DC1.PWSYNC.TEST", PrivilegedPassword), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Single((await _host.Store.Targets.ListAsync(PageRequest.First(), Ct)).Items);
    }

    [Fact]
    public async Task Invalid_target_names_every_bad_field_and_creates_nothing()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _targets.CreateTargetAsync(new CreateTargetRequest
        {
            Target = new TargetSpec
            {
                Kind = TargetKind.Unspecified,
                Names = { "bad name", "ok.example", "OK.example" },
                Endpoints = { "host-without-port", "h:70000", "[::1]:636" },
                CaCertificatePem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----",
                PrivilegedAccount = "",
                PrivilegedPassword = "",
                SshHostKeyFingerprint = "MD5:aa:bb",
            },
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            [
                "target.kind", "target.names[0]", "target.names[2]", "target.endpoints[0]", "target.endpoints[1]",
                "target.ca_certificate_pem", "target.privileged_account", "target.privileged_password",
                "target.ssh_host_key_fingerprint",
            ],
            error.GetViolatedFields());
        Assert.Empty((await _host.Store.Targets.ListAsync(PageRequest.First(), Ct)).Items);
    }

    [Fact]
    public async Task Update_with_a_field_mask_changes_only_those_fields_and_checks_the_version()
    {
        var created = await _targets.CreateTargetAsync(
            GatewayIdentityTests.ValidTarget("ldap.pwsync.test", PrivilegedPassword), cancellationToken: Ct);
        var updated = await _targets.UpdateTargetAsync(new UpdateTargetRequest
        {
            TargetId = created.Id,
            ExpectedVersion = created.Version,
            Target = new TargetSpec
            {
                Endpoints = { "127.0.0.1:3636" },
                BaseDn = "ignored because not in the mask",
                PrivilegedPassword = ReplacementPassword,
            },
            UpdateMask = new FieldMask { Paths = { "endpoints", "privileged_password" } },
        }, cancellationToken: Ct);

        Assert.Equal(["127.0.0.1:3636"], updated.Endpoints);
        Assert.Equal(created.BaseDn, updated.BaseDn);
        Assert.Equal(created.Version + 1, updated.Version);
        var stored = (await _host.Store.Targets.GetAsync(created.Id, Ct))!;
        Assert.Equal(ReplacementPassword, _host.Cipher.OpenStandalone(created.Id, TargetFields.PrivilegedPassword,
            stored.SealedPrivilegedPassword));

        var stale = await Assert.ThrowsAsync<RpcException>(() => _targets.UpdateTargetAsync(new UpdateTargetRequest
        {
            TargetId = created.Id,
            ExpectedVersion = created.Version,
            Target = new TargetSpec { BaseDn = "DC=other" },
            UpdateMask = new FieldMask { Paths = { "base_dn" } },
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var unknownPath = await Assert.ThrowsAsync<RpcException>(() => _targets.UpdateTargetAsync(new UpdateTargetRequest
        {
            TargetId = created.Id,
            ExpectedVersion = updated.Version,
            UpdateMask = new FieldMask { Paths = { "sealed_privileged_password" } },
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["update_mask"], unknownPath.GetViolatedFields());
        Assert.Equal(updated.Version, (await _host.Store.Targets.GetAsync(created.Id, Ct))!.Version);
    }

    [Fact]
    public async Task Resolve_finds_a_target_by_any_of_its_names_ignoring_case_and_delete_removes_it()
    {
        var request = GatewayIdentityTests.ValidTarget("host1.pwsync.test", PrivilegedPassword);
        request.Target.Kind = TargetKind.SshLinux;
        request.Target.Names.Add("HOST1");
        request.Target.SshHostKeyFingerprint = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');
        var created = await _targets.CreateTargetAsync(request, cancellationToken: Ct);

        var resolved = await _targets.ResolveTargetAsync(new ResolveTargetRequest { Name = "host1" }, cancellationToken: Ct);
        Assert.Equal(created.Id, resolved.Id);

        await _targets.DeleteTargetAsync(new DeleteTargetRequest { TargetId = created.Id, ExpectedVersion = created.Version },
            cancellationToken: Ct);
        var gone = await Assert.ThrowsAsync<RpcException>(() =>
            _targets.ResolveTargetAsync(new ResolveTargetRequest { Name = "HOST1" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }
}
