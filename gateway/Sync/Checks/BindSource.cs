using PasswordSync.Directory.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// How a check sends its one bind: directory-sync's VerifyPassword call by default, the sync report's bind streams
/// for a report's checks. Answers exactly as VerifyPassword does, failures as the same RpcException; never retries.
/// </summary>
internal delegate Task<VerifyPasswordResponse> BindSource(VerifyPasswordRequest request,
    CancellationToken cancellationToken);
