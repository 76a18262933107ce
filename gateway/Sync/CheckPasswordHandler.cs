using Grpc.Core;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync;

/// <summary>SKELETON: check password calls (authorisation, candidate rate limit, audit, then IRecordChecker).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Skeleton until built.")]
internal sealed class CheckPasswordHandler
{
    public Task<CheckResult> CheckRecordAsync(CheckRecordPasswordRequest request, ServerCallContext context) =>
        throw NotBuiltYet.Error("Check password");

    public Task<CheckResult> CheckAccountAsync(CheckAccountPasswordRequest request, ServerCallContext context) =>
        throw NotBuiltYet.Error("Check account password");
}
