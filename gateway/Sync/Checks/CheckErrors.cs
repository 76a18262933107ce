using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>The check calls' own refusals, each naming what is wrong and what to do.</summary>
internal static class CheckErrors
{
    // The reason name gw-auth adds to common.proto (REASON_RATE_LIMITED); spelt out here until that lands on main.
    private const string RateLimited = "RATE_LIMITED";

    public static RpcException CandidateLimit(string account, string targetId, int perWindow, TimeSpan window)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = $"Too many checks with a supplied password for account '{account}' on target '{targetId}': "
                + $"at most {perWindow} per {Minutes(window)} minutes, whoever asks (they could be used to guess "
                + "passwords). Try again later, or check the stored password instead.",
            Details =
            {
                Any.Pack(new ErrorInfo
                {
                    Domain = RpcErrors.ErrorDomain,
                    Reason = RateLimited,
                    Metadata = { ["window_seconds"] = ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture) },
                }),
            },
        };
        return status.ToRpcException();
    }

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
