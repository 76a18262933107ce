using System.Collections.Concurrent;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Sync;

/// <summary>Resolves the record's "Domain or Host" through the vault's target names (case-insensitive there).</summary>
internal sealed class SyncEligibilityEvaluator(TargetService.TargetServiceClient targets) : ISyncEligibilityEvaluator
{
    public Task<SyncEligibility> EvaluateAsync(Record record, PasswordList list, CancellationToken cancellationToken) =>
        EvaluateAsync(record, list, ResolveAsync, cancellationToken);

    /// <summary>Resolves each distinct "Domain or Host" of the batch once (names are case-insensitive).</summary>
    public async Task<IReadOnlyList<SyncEligibility>> EvaluateAllAsync(IReadOnlyList<Record> records,
        PasswordList list, CancellationToken cancellationToken)
    {
        var resolved = new ConcurrentDictionary<string, Task<Resolution>>(StringComparer.OrdinalIgnoreCase);
        Task<Resolution> Cached(string name, CancellationToken token) =>
            resolved.GetOrAdd(name, n => ResolveAsync(n, token));

        var results = new List<SyncEligibility>(records.Count);
        foreach (var record in records)
        {
            results.Add(await EvaluateAsync(record, list, Cached, cancellationToken));
        }

        return results;
    }

    private static async Task<SyncEligibility> EvaluateAsync(Record record, PasswordList list,
        Func<string, CancellationToken, Task<Resolution>> resolve, CancellationToken cancellationToken)
    {
        if (record.DeleteTime is not null)
        {
            return SyncEligibility.Disabled("The record is deleted: restore it to synchronise it again.");
        }

        if (list.Readiness is not { Ready: true })
        {
            var missing = (list.Readiness?.Missing ?? []).Select(problem => problem.Message).ToList();
            return SyncEligibility.Disabled(missing.Count == 0
                ? "The list is not ready for synchronisation."
                : $"The list is not ready for synchronisation: {string.Join("; ", missing)}");
        }

        if (record.AccountType == AccountType.Unspecified)
        {
            return SyncEligibility.Disabled("The record has no Account Type: set Windows, Linux or LDAP to synchronise it.");
        }

        var kinds = CompatibleTargetKinds(record.AccountType);
        if (kinds.Count == 0)
        {
            return SyncEligibility.Disabled(
                $"Account type '{record.AccountType}' is not synchronised with a directory; use Windows, Linux or LDAP.");
        }

        // A ready list has the User Name field, but a record may still leave it empty: there is no account to sync.
        if (string.IsNullOrWhiteSpace(record.UserName))
        {
            return SyncEligibility.Disabled("The record has no User Name: set the account's name to synchronise it.");
        }

        if (string.IsNullOrWhiteSpace(record.DomainOrHost))
        {
            return SyncEligibility.Disabled("The record has no 'Domain or Host' value naming a target.");
        }

        var resolution = await resolve(record.DomainOrHost, cancellationToken);
        if (resolution.Target is not { } target)
        {
            return SyncEligibility.Disabled(resolution.Problem!);
        }

        if (!kinds.Contains(target.Kind))
        {
            return SyncEligibility.Disabled(
                $"'{record.DomainOrHost}' is a {target.Kind} target, which cannot hold a {record.AccountType} account.");
        }

        return SyncEligibility.For(target);
    }

    private async Task<Resolution> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return new Resolution(await targets.ResolveTargetAsync(new ResolveTargetRequest { Name = name },
                cancellationToken: cancellationToken), null);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return new Resolution(null,
                $"No registered target answers to '{name}': register one with that name (POST /v1/targets) or correct the record's 'Domain or Host'.");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            return new Resolution(null,
                $"The record's 'Domain or Host' ('{name}') is not a DNS name, NetBIOS name or IP address, so it cannot name a target: correct it.");
        }
    }

    /// <summary>Windows accounts live in AD (domain) or on a Windows host (local); Linux on SSH hosts; LDAP in LDAP.</summary>
    public static IReadOnlySet<TargetKind> CompatibleTargetKinds(AccountType type) => type switch
    {
        AccountType.Windows => new HashSet<TargetKind> { TargetKind.ActiveDirectory, TargetKind.SshWindows },
        AccountType.Linux => new HashSet<TargetKind> { TargetKind.SshLinux },
        AccountType.Ldap => new HashSet<TargetKind> { TargetKind.Ldap },
        _ => new HashSet<TargetKind>(),
    };

    private sealed record Resolution(Target? Target, string? Problem);
}
