using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Testing;
using PasswordSync.V1;
using ApiPermission = PasswordSync.Vault.V1.ApiPermission;
using Record = PasswordSync.V1.Record;

namespace PasswordSync.Gateway.Tests.Api;

/// <summary>
/// Targets through the public API against the real Samba AD DC: the privileged password goes in and never comes out,
/// changes and tests need admin, a test runs directory-sync's checklist with the stored credential, and a record's
/// "Domain or Host" makes it sync-enabled when it names a registered target (case-insensitive).
/// </summary>
public sealed class TargetsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string FakePrivilegedPassword = "Target-Priv-Pa55!t1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_target_is_created_by_an_admin_and_its_password_is_never_returned()
    {
        var spec = FakeTarget("created");
        var created = await api.Targets(api.AdminKey).CreateTargetAsync(new CreateTargetRequest { Target = spec }, cancellationToken: Ct);

        Assert.Equal("", created.PrivilegedPassword);
        Assert.True(created.HasPrivilegedPassword);
        Assert.Equal(spec.Names, created.Names);
        Assert.True(created.UseStartTls);
        var reader = api.Targets(await api.KeyAsync("target-reader", [ApiPermission.Read]));
        var fetched = await reader.GetTargetAsync(new GetTargetRequest { TargetId = created.Id }, cancellationToken: Ct);
        Assert.Equal(created, fetched);
        Assert.Contains(created.Id, (await reader.ListTargetsAsync(new ListTargetsRequest(), cancellationToken: Ct)).Targets.Select(t => t.Id));

        using var http = api.Gateway.CreateHttpClient(api.AdminKey);
        var json = await http.GetStringAsync($"/v1/targets/{created.Id}", Ct);
        Assert.DoesNotContain(FakePrivilegedPassword, json, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(json).RootElement.GetProperty("hasPrivilegedPassword").GetBoolean());
        api.AssertNoLogContains(FakePrivilegedPassword);
    }

    [Fact]
    public async Task Only_an_admin_key_changes_or_tests_targets_and_a_refused_change_leaves_no_trace()
    {
        var writer = api.Targets(await api.KeyAsync("target-writer",
            [ApiPermission.Read, ApiPermission.Write, ApiPermission.Reveal, ApiPermission.Sync]));
        var existing = await api.Targets(api.AdminKey).CreateTargetAsync(
            new CreateTargetRequest { Target = FakeTarget("admin-only") }, cancellationToken: Ct);
        var before = await AllTargetIdsAsync();

        foreach (var call in new Func<Task>[]
        {
            () => writer.CreateTargetAsync(new CreateTargetRequest { Target = FakeTarget("by-writer") }, cancellationToken: Ct).ResponseAsync,
            () => writer.UpdateTargetAsync(new UpdateTargetRequest
            {
                TargetId = existing.Id,
                Target = new Target { BaseDn = "DC=evil" },
                UpdateMask = new FieldMask { Paths = { "base_dn" } },
                Version = existing.Version,
            }, cancellationToken: Ct).ResponseAsync,
            () => writer.DeleteTargetAsync(new DeleteTargetRequest { TargetId = existing.Id, Version = existing.Version }, cancellationToken: Ct).ResponseAsync,
            () => writer.TestTargetAsync(new TestTargetRequest { TargetId = existing.Id }, cancellationToken: Ct).ResponseAsync,
        })
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Contains("admin", error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, await AllTargetIdsAsync());
        Assert.Equal(existing, await api.Targets(api.AdminKey).GetTargetAsync(
            new GetTargetRequest { TargetId = existing.Id }, cancellationToken: Ct));
    }

    [Fact]
    public async Task An_update_uses_public_field_names_refuses_bad_input_and_stale_versions_without_change()
    {
        var targets = api.Targets(api.AdminKey);
        var created = await targets.CreateTargetAsync(new CreateTargetRequest { Target = FakeTarget("update") }, cancellationToken: Ct);

        var updated = await targets.UpdateTargetAsync(new UpdateTargetRequest
        {
            TargetId = created.Id,
            Target = new Target { UseStartTls = false, BaseDn = "not masked" },
            UpdateMask = new FieldMask { Paths = { "use_start_tls" } },
            Version = created.Version,
        }, cancellationToken: Ct);
        Assert.False(updated.UseStartTls);
        Assert.Equal(created.BaseDn, updated.BaseDn);
        Assert.Equal(created.Version + 1, updated.Version);

        var bad = await Assert.ThrowsAsync<RpcException>(() => targets.UpdateTargetAsync(new UpdateTargetRequest
        {
            TargetId = created.Id,
            Target = new Target { Names = { "not a name!" } },
            UpdateMask = new FieldMask { Paths = { "names" } },
            Version = updated.Version,
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["target.names[0]"], bad.GetViolatedFields());

        var badMask = await Assert.ThrowsAsync<RpcException>(() => targets.UpdateTargetAsync(new UpdateTargetRequest
        {
            TargetId = created.Id,
            Target = new Target(),
            UpdateMask = new FieldMask { Paths = { "start_tls", "has_privileged_password" } },
            Version = updated.Version,
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["update_mask", "update_mask"], badMask.GetViolatedFields());

        var stale = await Assert.ThrowsAsync<RpcException>(() => targets.UpdateTargetAsync(new UpdateTargetRequest
        {
            TargetId = created.Id,
            Target = new Target { BaseDn = "DC=stale" },
            UpdateMask = new FieldMask { Paths = { "base_dn" } },
            Version = created.Version,
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        Assert.Equal(updated, await targets.GetTargetAsync(new GetTargetRequest { TargetId = created.Id }, cancellationToken: Ct));
        var missing = await Assert.ThrowsAsync<RpcException>(() => targets.GetTargetAsync(
            new GetTargetRequest { TargetId = "ghost-target" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains("ghost-target", missing.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_windows_record_is_sync_enabled_when_its_domain_or_host_names_the_AD_target_in_any_case()
    {
        var samba = await RegisterSambaAsync();
        var list = await api.Lists(api.AdminKey).CreateListAsync(
            new CreateListRequest { List = ApiFixture.ReadyList("eligibility") }, cancellationToken: Ct);
        var records = api.Records(api.AdminKey);
        var realm = TestServers.Require("SAMBA_REALM");
        var netbios = TestServers.Require("SAMBA_DOMAIN");

        foreach (var name in new[] { realm.ToUpperInvariant(), realm.ToLowerInvariant(), netbios.ToLowerInvariant(), samba.Names[^1].ToUpperInvariant() })
        {
            var record = await records.CreateRecordAsync(Windows(list.Id, "svc-eligible", name), cancellationToken: Ct);
            Assert.True(record.SyncEnabled, $"'{name}': {record.SyncDisabledReason}");
            Assert.Equal("", record.SyncDisabledReason);
        }

        var unknown = await records.CreateRecordAsync(Windows(list.Id, "svc-unknown", "other.example"), cancellationToken: Ct);
        Assert.False(unknown.SyncEnabled);
        Assert.Contains("other.example", unknown.SyncDisabledReason, StringComparison.Ordinal);

        var web = Windows(list.Id, "svc-web", realm);
        web.Record.AccountType = AccountType.Web;
        var webRecord = await records.CreateRecordAsync(web, cancellationToken: Ct);
        Assert.False(webRecord.SyncEnabled);
        Assert.Contains("Web", webRecord.SyncDisabledReason, StringComparison.Ordinal);

        var linux = Windows(list.Id, "svc-linux", realm);
        linux.Record.AccountType = AccountType.Linux;
        var linuxRecord = await records.CreateRecordAsync(linux, cancellationToken: Ct);
        Assert.False(linuxRecord.SyncEnabled);
        Assert.Contains("ActiveDirectory", linuxRecord.SyncDisabledReason, StringComparison.Ordinal);

        var page = await records.ListRecordsAsync(new ListRecordsRequest { ListId = list.Id }, cancellationToken: Ct);
        Assert.Equal(4, page.Records.Count(r => r.SyncEnabled));
        Assert.Equal(3, page.Records.Count(r => !r.SyncEnabled && r.SyncDisabledReason.Length > 0));
    }

    [Fact]
    public async Task Records_of_a_list_that_is_not_ready_are_not_sync_enabled_and_say_why()
    {
        await RegisterSambaAsync();
        var list = await api.Lists(api.AdminKey).CreateListAsync(new CreateListRequest
        {
            List = new PasswordList
            {
                Name = $"unready-{Guid.NewGuid():N}",
                StandardFields = { StandardField.UserName },
                GenericFields = { new GenericField { Key = "generic1", Label = "Domain or Host" } },
            },
        }, cancellationToken: Ct);
        var record = await api.Records(api.AdminKey).CreateRecordAsync(new CreateRecordRequest
        {
            ListId = list.Id,
            Record = new Record { UserName = "svc-unready", GenericFields = { ["generic1"] = TestServers.Require("SAMBA_REALM") } },
        }, cancellationToken: Ct);

        Assert.False(record.SyncEnabled);
        Assert.Contains("not ready", record.SyncDisabledReason, StringComparison.Ordinal);
        Assert.Contains("Account Type", record.SyncDisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Testing_the_registered_Samba_DC_passes_with_its_stored_credential()
    {
        var samba = await RegisterSambaAsync();

        var tested = await api.Targets(api.AdminKey).TestTargetAsync(new TestTargetRequest { TargetId = samba.Id }, cancellationToken: Ct);

        Assert.True(tested.Ok, string.Join("\n", tested.Checks.Select(c => $"{c.Name}: {c.Status} {c.Detail}")));
        Assert.Contains(tested.Checks, c => c.Name.Contains("Privileged bind", StringComparison.Ordinal) && c.Status == "passed");
        Assert.DoesNotContain(tested.Checks, c => c.Status == "failed");
        api.AssertNoLogContains(TestServers.Require("SAMBA_ADMIN_PASSWORD"));
    }

    [Fact]
    public async Task Testing_a_target_with_the_wrong_CA_fails_with_a_reason_and_a_remedy_over_http()
    {
        var spec = await SambaSpecAsync("wrongca");
        spec.CaCertificatePem = await File.ReadAllTextAsync(TestServers.Require("SLAPD_UNTRUSTED_CA_FILE"), Ct);
        var target = await api.Targets(api.AdminKey).CreateTargetAsync(new CreateTargetRequest { Target = spec }, cancellationToken: Ct);
        using var http = api.Gateway.CreateHttpClient(api.AdminKey);

        using var response = await http.PostAsJsonAsync($"/v1/targets/{target.Id}:test", new { }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(result.TryGetProperty("ok", out var ok) && ok.GetBoolean());
        var failed = result.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() == "failed").ToList();
        var tls = Assert.Single(failed, c => c.GetProperty("name").GetString()!.Contains("TLS", StringComparison.OrdinalIgnoreCase));
        Assert.False(string.IsNullOrWhiteSpace(tls.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(tls.GetProperty("remedy").GetString()));

        var ghost = await Assert.ThrowsAsync<RpcException>(() => api.Targets(api.AdminKey).TestTargetAsync(
            new TestTargetRequest { TargetId = "ghost-target" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ghost.StatusCode);
        api.AssertNoLogContains(TestServers.Require("SAMBA_ADMIN_PASSWORD"));
    }

    // The Samba DC under every name it answers to: DNS domain, NetBIOS domain and the DC's host name. Registered once per
    // class (names are unique across targets); later calls find it.
    private async Task<Target> RegisterSambaAsync()
    {
        var targets = api.Targets(api.AdminKey);
        var existing = (await targets.ListTargetsAsync(new ListTargetsRequest { PageSize = 1000 }, cancellationToken: Ct))
            .Targets.FirstOrDefault(t => t.Names.Contains(TestServers.Require("SAMBA_DOMAIN")));
        if (existing is not null)
        {
            return existing;
        }

        var spec = await SambaSpecAsync(null);
        try
        {
            return await targets.CreateTargetAsync(new CreateTargetRequest { Target = spec }, cancellationToken: Ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Another test of this class registered it meanwhile.
            return (await targets.ListTargetsAsync(new ListTargetsRequest { PageSize = 1000 }, cancellationToken: Ct))
                .Targets.First(t => t.Names.Contains(TestServers.Require("SAMBA_DOMAIN")));
        }
    }

    /// <summary>The real DC's settings; with a suffix, under made-up names so it can be registered a second time.</summary>
    private static async Task<Target> SambaSpecAsync(string? alias)
    {
        var host = TestServers.Require("SAMBA_HOST");
        var spec = new Target
        {
            Kind = TargetKind.ActiveDirectory,
            Endpoints = { $"{host}:{TestServers.Require("SAMBA_PORT")}" },
            CaCertificatePem = await File.ReadAllTextAsync(TestServers.Require("SAMBA_CA_PEM"), Ct),
            BaseDn = TestServers.Require("SAMBA_BASE_DN"),
            PrivilegedAccount = TestServers.Require("SAMBA_ADMIN_USER"),
            PrivilegedPassword = TestServers.Require("SAMBA_ADMIN_PASSWORD"),
        };
        if (alias is null)
        {
            spec.Names.Add(TestServers.Require("SAMBA_REALM").ToLowerInvariant());
            spec.Names.Add(TestServers.Require("SAMBA_DOMAIN"));
            spec.Names.Add(host);
        }
        else
        {
            spec.Names.Add($"{alias}-{Guid.NewGuid():N}"[..30] + ".invalid");
        }

        return spec;
    }

    private static Target FakeTarget(string name) => new()
    {
        Kind = TargetKind.Ldap,
        Names = { $"{name}-{Guid.NewGuid():N}"[..30] + ".example" },
        Endpoints = { "127.0.0.1:3890" },
        UseStartTls = true,
        BaseDn = "ou=people,dc=example",
        PrivilegedAccount = "cn=admin,dc=example",
        PrivilegedPassword = FakePrivilegedPassword,
    };

    private static CreateRecordRequest Windows(string listId, string userName, string domainOrHost) => new()
    {
        ListId = listId,
        Record = new Record
        {
            Title = userName,
            UserName = userName,
            AccountType = AccountType.Windows,
            GenericFields = { ["generic1"] = domainOrHost },
        },
    };

    private async Task<HashSet<string>> AllTargetIdsAsync() =>
        (await api.Targets(api.AdminKey).ListTargetsAsync(new ListTargetsRequest { PageSize = 1000 }, cancellationToken: Ct))
        .Targets.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
}
