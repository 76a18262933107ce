using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace PasswordSync.Gateway.Internal;

/// <summary>
/// gRPC's own retry policy (service config) for the internal calls: Unavailable only, the one status that means
/// "the call did not happen, or happened nowhere that matters: try again". Every other status is an answer.
/// </summary>
internal static class InternalRetryPolicy
{
    private const string DirectorySyncService = "passwordsync.directory.v1.DirectorySync";

    // MaxAttempts 1 means no retry: gRPC refuses a retry policy of one attempt, so there is then no service config.

    /// <summary>Every vault method: its writes are idempotent (request ids, rotation ids, versions).</summary>
    public static ServiceConfig? ForVault(InternalClientOptions options) => options.MaxAttempts < 2 ? null : new()
    {
        MethodConfigs = { new MethodConfig { Names = { MethodName.Default }, RetryPolicy = Policy(options) } },
    };

    /// <summary>
    /// Directory-sync methods that are safe to repeat: reading state, testing a target, and an admin reset (the same
    /// value set twice). Never ChangePassword (after an ambiguous change the next step is a bind with the new
    /// password, never a second change), VerifyPassword (each failed bind counts toward the account's lockout) or the
    /// bulk stream; directory-sync already retries transient directory errors itself.
    /// </summary>
    public static ServiceConfig? ForDirectorySync(InternalClientOptions options) => options.MaxAttempts < 2 ? null : new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names =
                {
                    new MethodName { Service = DirectorySyncService, Method = "GetAccountState" },
                    new MethodName { Service = DirectorySyncService, Method = "TestTarget" },
                    new MethodName { Service = DirectorySyncService, Method = "ResetPassword" },
                },
                RetryPolicy = Policy(options),
            },
        },
    };

    private static RetryPolicy Policy(InternalClientOptions options) => new()
    {
        MaxAttempts = options.MaxAttempts,
        InitialBackoff = options.InitialBackoff,
        MaxBackoff = TimeSpan.FromSeconds(1.5),
        BackoffMultiplier = 2,
        RetryableStatusCodes = { StatusCode.Unavailable },
    };
}
