using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Internal;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Auth.Bootstrap;

/// <summary>
/// Makes sure a fresh installation has a way in. With <c>Gateway:Auth:BootstrapKey</c> set, registers that key as an
/// admin key (idempotent). Otherwise, when the vault has no usable admin key, generates one, writes it to
/// <c>Gateway:Auth:BootstrapKeyPath</c> (default: bootstrap-admin.key in <c>Gateway:StateDirectory</c>) with mode 0600
/// and registers it; on later starts the key in the file is reused, never replaced by a second one.
/// Order matters for "never lose the key": the file is written before the vault learns the key, so a crash in between
/// leaves a file whose key the next start registers, never a registered key that nobody holds.
/// Runs in the background (the gateway serves health probes meanwhile) and retries while the vault is unreachable.
/// </summary>
internal sealed class BootstrapAdminKeyService(
    ApiKeyService.ApiKeyServiceClient apiKeys,
    IOptions<AuthOptions> options,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<BootstrapAdminKeyService> logger) : BackgroundService
{
    public const string FileName = "bootstrap-admin.key";
    private const string KeyName = "bootstrap-admin";
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Where the key file goes: the configured path, else bootstrap-admin.key in <c>Gateway:StateDirectory</c> (default
    /// "state", like the Edge's generated certificate), relative paths resolved against the content root.
    /// </summary>
    public static string KeyPath(AuthOptions auth, IConfiguration configuration, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(auth.BootstrapKeyPath))
        {
            return Path.GetFullPath(auth.BootstrapKeyPath, contentRoot);
        }

        var state = configuration["Gateway:StateDirectory"];
        return Path.GetFullPath(Path.Combine(string.IsNullOrWhiteSpace(state) ? "state" : state, FileName), contentRoot);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var actor = ActorContext.Set("gateway:bootstrap");
        for (var attempt = 1; attempt <= settings.BootstrapAttempts; attempt++)
        {
            try
            {
                await BootstrapAsync(settings, stoppingToken);
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
                                             && attempt < settings.BootstrapAttempts)
            {
                BootstrapLog.VaultNotReachable(logger, e.StatusCode.ToString(), attempt, settings.BootstrapAttempts,
                    settings.BootstrapRetryDelay);
                await Task.Delay(settings.BootstrapRetryDelay, stoppingToken);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                BootstrapLog.GaveUp(logger, settings.BootstrapAttempts);
            }
            catch (RpcException e) when (!stoppingToken.IsCancellationRequested)
            {
                BootstrapLog.Failed(logger, e.StatusCode.ToString(), e.Status.Detail);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                BootstrapLog.FileFailed(logger, KeyPath(settings, configuration, environment.ContentRootPath), e.GetType().Name + ": " + e.Message);
                return;
            }
        }
    }

    private async Task BootstrapAsync(AuthOptions settings, CancellationToken cancellationToken)
    {
        if (settings.BootstrapKey is { Length: > 0 } configured)
        {
            var registered = await EnsureAsync(configured, cancellationToken);
            if (Problem(registered.Key) is { } problem)
            {
                BootstrapLog.ConfiguredKeyUnusable(logger, registered.Key.Id, problem);
            }
            else
            {
                BootstrapLog.ConfiguredKeyRegistered(logger, registered.Key.Id, registered.Created);
            }

            return;
        }

        var path = KeyPath(settings, configuration, environment.ContentRootPath);
        if (await TryReuseFileAsync(path, cancellationToken))
        {
            return;
        }

        if (await HasUsableAdminKeyAsync(cancellationToken))
        {
            BootstrapLog.AdminKeyExists(logger);
            return;
        }

        // Only now the lock, so the usual start (a key exists) leaves no lock file behind. Under the lock, look again:
        // a gateway sharing this folder may have written the key meanwhile.
        using var fileLock = await BootstrapKeyFile.LockAsync(path, LockTimeout, cancellationToken);
        if (await TryReuseFileAsync(path, cancellationToken))
        {
            return;
        }

        var key = ApiKeyFormat.NewKey();
        BootstrapKeyFile.Write(path, key);
        var created = await EnsureAsync(key, cancellationToken);
        BootstrapLog.Created(logger, created.Key.Id, path);
    }

    /// <summary>True when the file holds a key that is (now) registered and usable as the admin key.</summary>
    private async Task<bool> TryReuseFileAsync(string path, CancellationToken cancellationToken)
    {
        var existing = BootstrapKeyFile.TryRead(path, out var wasTooOpen);
        if (wasTooOpen)
        {
            BootstrapLog.FileTightened(logger, path);
        }

        if (existing is null)
        {
            return false;
        }

        if (!ApiKeyFormat.IsWellFormed(existing))
        {
            BootstrapLog.FileMalformed(logger, path);
            return false;
        }

        var registered = await EnsureAsync(existing, cancellationToken);
        if (Problem(registered.Key) is { } problem)
        {
            BootstrapLog.FileKeyUnusable(logger, path, registered.Key.Id, problem);
            return false;
        }

        BootstrapLog.Reused(logger, registered.Key.Id, path);
        return true;
    }

    private async Task<EnsureApiKeyResponse> EnsureAsync(string key, CancellationToken cancellationToken) =>
        await apiKeys.EnsureApiKeyAsync(
            new EnsureApiKeyRequest { ApiKey = key, Name = KeyName, Permissions = { ApiPermission.Admin } },
            deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancellationToken);

    private async Task<bool> HasUsableAdminKeyAsync(CancellationToken cancellationToken)
    {
        var request = new ListApiKeysRequest { PageSize = 100 };
        // Bounded: a vault with more than 100 000 keys has an admin somewhere, or an operator to ask.
        for (var page = 0; page < 1000; page++)
        {
            var response = await apiKeys.ListApiKeysAsync(request, deadline: DateTime.UtcNow + CallDeadline,
                cancellationToken: cancellationToken);
            if (response.Keys.Any(k => Problem(k) is null))
            {
                return true;
            }

            if (response.NextPageToken.Length == 0)
            {
                return false;
            }

            request.PageToken = response.NextPageToken;
        }

        return true;
    }

    /// <summary>Why a stored key cannot serve as the admin key, or null when it can.</summary>
    private static string? Problem(ApiKeyInfo key) =>
        key.RevokedAt is not null ? "revoked"
        : key.ExpiresAt is { } expiry && expiry.ToDateTimeOffset() <= DateTimeOffset.UtcNow ? "expired"
        : !key.Permissions.Contains(ApiPermission.Admin) ? "not an admin key"
        : null;
}
