using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.Gateway.Auth;
using PasswordSync.Gateway.Internal;
using PasswordSync.Gateway.Sync.Checks;
using PasswordSync.V1;
using PasswordSync.Vault.V1;
using CheckResult = PasswordSync.V1.CheckResult;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// The two public check calls: validate at the edge, authorise (the sync permission on the record's list), and for a
/// supplied candidate apply the per-account limit before any directory call and audit the outcome; then the
/// lockout-safe engine does the checking.
/// </summary>
internal sealed class CheckPasswordHandler(
    RecordChecker checker,
    CheckEngine engine,
    CheckAudit audit,
    ICandidateCheckLimiter limiter,
    IOptions<CandidateCheckOptions> limits,
    IOptions<CheckOptions> options,
    PasswordLists.PasswordListsClient lists,
    TargetService.TargetServiceClient targets,
    ILogger<CheckPasswordHandler> logger)
{
    public async Task<CheckResult> CheckRecordAsync(CheckRecordPasswordRequest request, ServerCallContext context)
    {
        CheckRequestValidation.Validate(request);
        var cancellationToken = context.CancellationToken;
        var record = await checker.LoadRecordAsync(request.RecordId, cancellationToken);
        var caller = context.Require(Access.Sync, record.ListId);
        using var actor = ActAs(caller);
        var plan = await checker.PlanAsync(record, cancellationToken);
        var candidate = request.CandidatePassword.Length > 0 ? request.CandidatePassword : null;
        if (candidate is null || plan.Eligibility.Target is not { } target)
        {
            return await checker.RunAsync(plan, candidate, cancellationToken);
        }

        await LimitCandidateAsync(caller, record.ListId, record.Id, target, record.UserName, cancellationToken);
        var result = await checker.RunAsync(plan, candidate, cancellationToken);
        await audit.CandidateCheckedAsync(record.ListId, record.Id, target.Id, record.UserName, result,
            cancellationToken);
        return result;
    }

    public async Task<CheckResult> CheckAccountAsync(CheckAccountPasswordRequest request, ServerCallContext context)
    {
        CheckRequestValidation.Validate(request);
        var cancellationToken = context.CancellationToken;
        var caller = context.Require(Access.Sync, request.ListId);
        using var actor = ActAs(caller);
        var list = await lists.GetListAsync(new Vault.V1.GetListRequest { Id = request.ListId }, deadline: VaultDeadline(),
            cancellationToken: cancellationToken);
        if (list.Readiness is not { Ready: true })
        {
            throw CheckErrors.ListNotReady(list.Id,
                (list.Readiness?.Missing ?? []).Select(problem => $"{problem.Message} ({problem.Code})"));
        }

        var target = await ResolveTargetAsync(request.DomainOrHost, cancellationToken);
        await LimitCandidateAsync(caller, list.Id, null, target, request.UserName, cancellationToken);
        var credential = await targets.GetTargetCredentialAsync(
            new GetTargetCredentialRequest { TargetId = target.Id, Purpose = "candidate password check" },
            deadline: VaultDeadline(), cancellationToken: cancellationToken);
        var directoryTarget = DirectoryTargetMapper.ToDirectoryTarget(new SyncTarget
        {
            Target = credential.Target,
            PrivilegedPassword = credential.PrivilegedPassword,
        });
        var outcome = await engine.CheckAsync(
            new CheckSubject(directoryTarget, request.UserName, request.CandidatePassword, IsCandidate: true,
                StoredPasswordLastSet: null), cancellationToken);
        await audit.CandidateCheckedAsync(list.Id, null, target.Id, request.UserName, outcome.Result,
            cancellationToken);
        return outcome.Result;
    }

    // The audit and the vault's own events must name the API key; set here too, so it never depends on where the
    // authentication interceptor set it (an AsyncLocal set inside an awaited method does not flow back out).
    private static IDisposable ActAs(GatewayCaller caller) => ActorContext.Set(caller.Actor);

    /// <summary>Before any directory call: refused candidates are audited and never reach the directory.</summary>
    private async Task LimitCandidateAsync(GatewayCaller caller, string listId, string? recordId,
        Vault.V1.Target target, string account, CancellationToken cancellationToken)
    {
        if (limiter.TryAcquire(target.Id, CheckAccountKey.For(target.Kind, account)))
        {
            return;
        }

        CheckLog.CandidateLimited(logger, target.Id, account, caller.Actor);
        await audit.CandidateRefusedAsync(listId, recordId, target.Id, account, cancellationToken);
        throw CheckErrors.CandidateLimit(account, target.Id, limits.Value.CandidateChecksPerAccount,
            limits.Value.CandidateCheckWindow);
    }

    private async Task<Vault.V1.Target> ResolveTargetAsync(string domainOrHost, CancellationToken cancellationToken)
    {
        try
        {
            return await targets.ResolveTargetAsync(new ResolveTargetRequest { Name = domainOrHost.Trim() },
                deadline: VaultDeadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw CheckErrors.NoTarget(domainOrHost);
        }
    }

    private DateTime VaultDeadline() => DateTime.UtcNow + options.Value.VaultCallTimeout;
}
