using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Sync;

/// <summary>Resolves the record's "Domain or Host" through the vault's target names (case-insensitive there).</summary>
internal sealed class SyncEligibilityEvaluator(TargetService.TargetServiceClient targets) : ISyncEligibilityEvaluator
{
    public async Task<SyncEligibility> EvaluateAsync(Record record, PasswordList list,
        CancellationToken cancellationToken)
    {
        if (list.Readiness is not { Ready: true })
        {
            var missing = string.Join("; ", (list.Readiness?.Missing ?? []).AsEnumerable().Select(problem => problem.Message));
            return SyncEligibility.Disabled($"The list is not ready for synchronisation: {missing}");
        }

        var kinds = CompatibleTargetKinds(record.AccountType);
        if (kinds.Count == 0)
        {
            return SyncEligibility.Disabled(
                $"Account type '{record.AccountType}' is not synchronised with a directory; use Windows, Linux or LDAP.");
        }

        if (string.IsNullOrWhiteSpace(record.DomainOrHost))
        {
            return SyncEligibility.Disabled("The record has no 'Domain or Host' value naming a target.");
        }

        Target target;
        try
        {
            target = await targets.ResolveTargetAsync(new ResolveTargetRequest { Name = record.DomainOrHost },
                cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return SyncEligibility.Disabled(
                $"No registered target answers to '{record.DomainOrHost}': register one with that name (POST /v1/targets) or correct the record's 'Domain or Host'.");
        }

        if (!kinds.Contains(target.Kind))
        {
            return SyncEligibility.Disabled(
                $"'{record.DomainOrHost}' is a {target.Kind} target, which cannot hold a {record.AccountType} account.");
        }

        return SyncEligibility.For(target);
    }

    /// <summary>Windows accounts live in AD (domain) or on a Windows host (local); Linux on SSH hosts; LDAP in LDAP.</summary>
    public static IReadOnlySet<TargetKind> CompatibleTargetKinds(AccountType type) => type switch
    {
        AccountType.Windows => new HashSet<TargetKind> { TargetKind.ActiveDirectory, TargetKind.SshWindows },
        AccountType.Linux => new HashSet<TargetKind> { TargetKind.SshLinux },
        AccountType.Ldap => new HashSet<TargetKind> { TargetKind.Ldap },
        _ => new HashSet<TargetKind>(),
    };
}
