using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Security;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.ApiKeys;

/// <summary>API keys: shown once, stored as a hash, looked up by the gateway, refused once revoked or expired.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private MtlsVaultHost _host = null!;
    private ApiKeyService.ApiKeyServiceClient _keys = null!;
    private readonly List<string> _issuedKeys = [];

    public ValueTask InitializeAsync()
    {
        _host = MtlsVaultHost.Start();
        _keys = new ApiKeyService.ApiKeyServiceClient(_host.AsGateway("admin"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Logs.AssertContainsNone([.. _issuedKeys]);
        await _host.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Created_key_is_shown_once_stored_as_a_hash_and_found_by_lookup()
    {
        var record = await _host.SeedRecordAsync(null);
        var created = await CreateAsync(new CreateApiKeyRequest
        {
            Name = "automation",
            Permissions = { ApiPermission.Read, ApiPermission.Sync },
            ListIds = { record.ListId },
        });

        var listed = Assert.Single((await _keys.ListApiKeysAsync(new ListApiKeysRequest(), cancellationToken: Ct)).Keys);
        Assert.Equal(created.Key, listed);
        Assert.DoesNotContain(created.ApiKey, listed.ToString(), StringComparison.Ordinal);
        Assert.StartsWith(listed.Prefix, created.ApiKey, StringComparison.Ordinal);
        var stored = (await _host.Store.ApiKeys.GetAsync(created.Key.Id, Ct))!;
        Assert.NotEqual(System.Text.Encoding.UTF8.GetBytes(created.ApiKey), stored.Hash);

        var found = await _keys.LookupApiKeyAsync(new LookupApiKeyRequest { ApiKey = created.ApiKey }, cancellationToken: Ct);
        Assert.Equal(created.Key.Id, found.KeyId);
        Assert.Equal([ApiPermission.Read, ApiPermission.Sync], found.Permissions);
        Assert.Equal([record.ListId], found.ListIds);
        var used = await _host.Store.Audit.QueryAsync(new AuditQuery(Action: AuditAction.ApiKeyUsed),
            PageRequest.First(), Ct);
        Assert.Contains(used.Items, e => e.Actor == $"apikey:{created.Key.Id}");
        Assert.NotNull((await _host.Store.ApiKeys.GetAsync(created.Key.Id, Ct))!.LastUsedAt);
    }

    [Fact]
    public async Task Revoked_unknown_and_malformed_keys_are_all_Unauthenticated_alike()
    {
        var created = await CreateAsync(new CreateApiKeyRequest { Name = "short-lived", Permissions = { ApiPermission.Read } });
        var revoked = await _keys.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = created.Key.Id }, cancellationToken: Ct);
        Assert.NotNull(revoked.RevokedAt);

        var forged = created.ApiKey[..^1] + (created.ApiKey[^1] == 'A' ? 'B' : 'A');
        var messages = new List<string>();
        foreach (var key in new[] { created.ApiKey, forged, "not-a-key" })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                _keys.LookupApiKeyAsync(new LookupApiKeyRequest { ApiKey = key }, cancellationToken: Ct).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
            Assert.DoesNotContain(key, error.Status.Detail, StringComparison.Ordinal);
            messages.Add(error.Status.Detail);
        }

        Assert.Single(messages.Distinct());
    }

    [Fact]
    public async Task Expired_key_is_Unauthenticated()
    {
        var created = await CreateAsync(new CreateApiKeyRequest
        {
            Name = "expiring",
            Permissions = { ApiPermission.Read },
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(1)),
        });
        await Task.Delay(TimeSpan.FromMilliseconds(1200), Ct);
        var error = await Assert.ThrowsAsync<RpcException>(() => _keys.LookupApiKeyAsync(
            new LookupApiKeyRequest { ApiKey = created.ApiKey }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Invalid_create_names_every_bad_field_and_stores_nothing()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _keys.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "bad\u0007name",
            Permissions = { ApiPermission.Unspecified },
            ListIds = { "no-such-list" },
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["name", "permissions[0]", "expires_at"], error.GetViolatedFields());

        var unknownList = await Assert.ThrowsAsync<RpcException>(() => _keys.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "scoped",
            Permissions = { ApiPermission.Read },
            ListIds = { "no-such-list" },
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(["list_ids[0]"], unknownList.GetViolatedFields());
        Assert.Empty((await _host.Store.ApiKeys.ListAsync(PageRequest.First(), Ct)).Items);
    }

    [Fact]
    public async Task Ensured_key_is_stored_once_even_when_registered_concurrently_and_then_found_by_lookup()
    {
        var secret = new PasswordSync.Vault.Crypto.Sha256ApiKeyHasher().NewApiKey();
        _issuedKeys.Add(secret);
        var request = new EnsureApiKeyRequest { ApiKey = secret, Name = "bootstrap-admin", Permissions = { ApiPermission.Admin } };

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            _keys.EnsureApiKeyAsync(request, cancellationToken: Ct).ResponseAsync));

        Assert.Single(answers, a => a.Created);
        Assert.Single(answers.Select(a => a.Key.Id).Distinct());
        var stored = Assert.Single((await _host.Store.ApiKeys.ListAsync(PageRequest.First(), Ct)).Items);
        Assert.Equal(ApiPermissions.Admin, stored.Permissions);
        Assert.Empty(stored.ListIds);
        var found = await _keys.LookupApiKeyAsync(new LookupApiKeyRequest { ApiKey = secret }, cancellationToken: Ct);
        Assert.Equal(stored.Id, found.KeyId);
        Assert.Equal([ApiPermission.Admin], found.Permissions);
    }

    [Fact]
    public async Task Ensure_returns_an_existing_key_as_stored_even_when_revoked()
    {
        var created = await CreateAsync(new CreateApiKeyRequest { Name = "existing", Permissions = { ApiPermission.Read } });
        await _keys.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = created.Key.Id }, cancellationToken: Ct);

        var ensured = await _keys.EnsureApiKeyAsync(new EnsureApiKeyRequest
        {
            ApiKey = created.ApiKey,
            Name = "other-name",
            Permissions = { ApiPermission.Admin },
        }, cancellationToken: Ct);

        Assert.False(ensured.Created);
        Assert.Equal(created.Key.Id, ensured.Key.Id);
        Assert.Equal([ApiPermission.Read], ensured.Key.Permissions);
        Assert.NotNull(ensured.Key.RevokedAt);
        Assert.Single((await _host.Store.ApiKeys.ListAsync(PageRequest.First(), Ct)).Items);
    }

    [Fact]
    public async Task Ensure_with_a_malformed_key_names_the_fields_without_echoing_the_value_and_stores_nothing()
    {
        const string Malformed = "pws_too-short-secret-value";
        var error = await Assert.ThrowsAsync<RpcException>(() => _keys.EnsureApiKeyAsync(new EnsureApiKeyRequest
        {
            ApiKey = Malformed,
            Name = "",
            Permissions = { ApiPermission.Unspecified },
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["name", "permissions[0]", "api_key"], error.GetViolatedFields());
        Assert.DoesNotContain(Malformed, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await _host.Store.ApiKeys.ListAsync(PageRequest.First(), Ct)).Items);
        _host.Logs.AssertContainsNone(Malformed);
    }

    private async Task<CreateApiKeyResponse> CreateAsync(CreateApiKeyRequest request)
    {
        var created = await _keys.CreateApiKeyAsync(request, cancellationToken: Ct);
        _issuedKeys.Add(created.ApiKey);
        return created;
    }
}
