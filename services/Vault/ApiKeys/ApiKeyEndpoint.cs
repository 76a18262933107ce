using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Security;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.ApiKeys;

/// <summary>
/// API keys for the gateway's callers. The key is returned once at creation and stored only as a hash; a lookup
/// answers the same Unauthenticated for unknown, revoked and expired keys, so it tells a guesser nothing.
/// </summary>
internal sealed class ApiKeyEndpoint(
    IVaultStore store,
    IApiKeyHasher hasher,
    TimeProvider clock,
    ILogger<ApiKeyEndpoint> logger) : V1.ApiKeyService.ApiKeyServiceBase
{
    private const int MaxListScope = 100;

    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request,
        ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var rules = NameAndPermissionRules(request.Name, request.Permissions);
        if (request.ListIds.Count > MaxListScope)
        {
            rules.Add("list_ids", $"holds more than {MaxListScope} lists.");
        }

        for (var i = 0; i < request.ListIds.Count; i++)
        {
            rules.Id($"list_ids[{i}]", request.ListIds[i]);
        }

        if (request.ExpiresAt is { } expiry && expiry.ToDateTimeOffset() <= now)
        {
            rules.Add("expires_at", "is in the past.");
        }

        rules.ThrowIfAny();
        await CheckListsExistAsync(request.ListIds, context.CancellationToken);
        var caller = context.GetCaller();
        var secret = hasher.NewApiKey();
        var key = new ApiKey
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = request.Name,
            Prefix = hasher.DisplayPrefix(secret),
            Hash = hasher.Hash(secret),
            Permissions = request.Permissions.ToModel(),
            ListIds = [.. request.ListIds.Distinct(StringComparer.Ordinal)],
            CreatedBy = caller.Actor,
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt?.ToDateTimeOffset(),
        };
        var created = await store.ApiKeys.CreateAsync(key, new AuditDraft
        {
            Action = AuditAction.ApiKeyCreated,
            Actor = caller.Actor,
            Detail = $"key {key.Id} '{key.Name}' ({key.Permissions})",
        }, context.CancellationToken);
        ApiKeyLog.Created(logger, created.Id, caller.Actor);
        return new CreateApiKeyResponse { Key = created.ToInfo(), ApiKey = secret };
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        var page = await store.ApiKeys.ListAsync(
            new PageRequest(request.PageSize, request.PageToken.Length == 0 ? null : request.PageToken),
            context.CancellationToken);
        var response = new ListApiKeysResponse { NextPageToken = page.NextPageToken };
        response.Keys.AddRange(page.Items.Select(k => k.ToInfo()));
        return response;
    }

    public override async Task<ApiKeyInfo> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        new InputRules().Id("key_id", request.KeyId).ThrowIfAny();
        var caller = context.GetCaller();
        var revoked = await store.ApiKeys.RevokeAsync(request.KeyId, clock.GetUtcNow(), new AuditDraft
        {
            Action = AuditAction.ApiKeyRevoked,
            Actor = caller.Actor,
            Detail = $"key {request.KeyId}",
        }, context.CancellationToken);
        ApiKeyLog.Revoked(logger, request.KeyId, caller.Actor);
        return revoked.ToInfo();
    }

    public override async Task<LookupApiKeyResponse> LookupApiKey(LookupApiKeyRequest request,
        ServerCallContext context)
    {
        if (request.ApiKey.Length == 0)
        {
            throw RpcErrors.InvalidArgument("api_key", "is required.");
        }

        var now = clock.GetUtcNow();
        var key = hasher.IsWellFormed(request.ApiKey)
            ? await store.ApiKeys.FindByHashAsync(hasher.Hash(request.ApiKey), context.CancellationToken)
            : null;
        // The lookup by hash is an index seek; the constant-time comparison makes the final decision.
        if (key is null || !hasher.Matches(request.ApiKey, key.Hash) || key.RevokedAt is not null
            || key.ExpiresAt is { } expiry && expiry <= now)
        {
            ApiKeyLog.Refused(logger);
            throw RpcErrors.Create(StatusCode.Unauthenticated, Reason.Unauthenticated,
                "The API key is unknown, revoked or expired: ask an administrator for a valid key.");
        }

        await store.Audit.AppendAsync(null, new AuditDraft
        {
            Action = AuditAction.ApiKeyUsed,
            // The same form the gateway sends for every call made with the key, so one filter finds both.
            Actor = $"apikey:{key.Id}",
            Detail = $"key {key.Id} '{key.Name}'",
        }, context.CancellationToken);
        await TouchAsync(key.Id, now);
        var response = new LookupApiKeyResponse { KeyId = key.Id, Name = key.Name };
        response.Permissions.AddRange(key.Permissions.ToProto());
        response.ListIds.AddRange(key.ListIds);
        return response;
    }

    public override async Task<EnsureApiKeyResponse> EnsureApiKey(EnsureApiKeyRequest request,
        ServerCallContext context)
    {
        var rules = NameAndPermissionRules(request.Name, request.Permissions);
        if (!hasher.IsWellFormed(request.ApiKey))
        {
            // Never echo the value: it is a secret even when malformed.
            rules.Add("api_key", $"must be '{Sha256ApiKeyHasher.Prefix}' followed by 43 letters or digits.");
        }

        rules.ThrowIfAny();
        var hash = hasher.Hash(request.ApiKey);
        if (await store.ApiKeys.FindByHashAsync(hash, context.CancellationToken) is { } existing)
        {
            return new EnsureApiKeyResponse { Key = existing.ToInfo(), Created = false };
        }

        var caller = context.GetCaller();
        var key = new ApiKey
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = request.Name,
            Prefix = hasher.DisplayPrefix(request.ApiKey),
            Hash = hash,
            Permissions = request.Permissions.ToModel(),
            ListIds = [],
            CreatedBy = caller.Actor,
            CreatedAt = clock.GetUtcNow(),
        };
        try
        {
            var created = await store.ApiKeys.CreateAsync(key, new AuditDraft
            {
                Action = AuditAction.ApiKeyCreated,
                Actor = caller.Actor,
                Detail = $"key {key.Id} '{key.Name}' ({key.Permissions}), registered by its holder",
            }, context.CancellationToken);
            ApiKeyLog.Created(logger, created.Id, caller.Actor);
            return new EnsureApiKeyResponse { Key = created.ToInfo(), Created = true };
        }
        catch (StoreException e) when (e.Error == StoreError.AlreadyExists)
        {
            // Another caller registered the same key between our lookup and our insert: the hash is unique.
            var winner = await store.ApiKeys.FindByHashAsync(hash, context.CancellationToken);
            if (winner is null)
            {
                throw;
            }

            return new EnsureApiKeyResponse { Key = winner.ToInfo(), Created = false };
        }
    }

    private static InputRules NameAndPermissionRules(string name,
        Google.Protobuf.Collections.RepeatedField<ApiPermission> permissions)
    {
        var rules = new InputRules().Text("name", name, 100, required: true);
        if (permissions.Count == 0)
        {
            rules.Add("permissions", "needs at least one of READ, REVEAL, WRITE, SYNC, ADMIN.");
        }

        for (var i = 0; i < permissions.Count; i++)
        {
            if (permissions[i] == ApiPermission.Unspecified || !Enum.IsDefined(permissions[i]))
            {
                rules.Add($"permissions[{i}]", "is not READ, REVEAL, WRITE, SYNC or ADMIN.");
            }
        }

        return rules;
    }

    private async Task TouchAsync(string keyId, DateTimeOffset now)
    {
        try
        {
            // Best effort: a lost "last used" time must not fail the caller's request.
            await store.ApiKeys.TouchAsync(keyId, now, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ApiKeyLog.TouchFailed(logger, keyId, exception.GetType().Name);
        }
    }

    private async Task CheckListsExistAsync(Google.Protobuf.Collections.RepeatedField<string> listIds, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        for (var i = 0; i < listIds.Count; i++)
        {
            if (await store.Lists.GetAsync(listIds[i], cancellationToken) is null)
            {
                rules.Add($"list_ids[{i}]", "names no existing list.");
            }
        }

        rules.ThrowIfAny();
    }
}
