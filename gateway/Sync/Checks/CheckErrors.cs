using System.Globalization;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>The check calls' own refusals, each naming what is wrong and what to do.</summary>
internal static class CheckErrors
{
    public static RpcException CandidateLimit(string account, string targetId, int perWindow, TimeSpan window) =>
        RpcErrors.Create(StatusCode.ResourceExhausted, Reason.RateLimited,
            $"Too many checks with a supplied password for account '{account}' on target '{targetId}': "
            + $"at most {perWindow} per {Minutes(window)} minutes, whoever asks (they could be used to guess "
            + "passwords). Try again later, or check the stored password instead.",
            new Dictionary<string, string>
            {
                ["window_seconds"] = ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            });

    private static string Minutes(TimeSpan window) =>
        window.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture);

    public static RpcException ListNotReady(string listId, IEnumerable<string> missing) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Configuration,
            $"List '{listId}' is not ready for synchronisation: {string.Join("; ", missing)}");

    public static RpcException NoTarget(string domainOrHost) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Configuration,
            $"No registered target answers to '{domainOrHost}' (domain_or_host): register a target with that name "
            + "(POST /v1/targets), add the name to an existing target, or correct domain_or_host.");
}
