using Google.Protobuf.WellKnownTypes;
using PasswordSync.DirectorySync.Connectors;
using Proto = PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>Connector model → proto replies.</summary>
internal static class ProtoMapping
{
    public static Proto.VerifyPasswordResponse ToProto(this VerifyResult result) => new()
    {
        Outcome = result.Outcome switch
        {
            VerifyOutcome.Accepted => Proto.VerifyOutcome.Accepted,
            VerifyOutcome.Rejected => Proto.VerifyOutcome.Rejected,
            VerifyOutcome.CorrectMustChange => Proto.VerifyOutcome.CorrectMustChange,
            VerifyOutcome.CorrectLogonRestricted => Proto.VerifyOutcome.CorrectLogonRestricted,
            VerifyOutcome.CorrectPasswordExpired => Proto.VerifyOutcome.CorrectPasswordExpired,
            VerifyOutcome.AccountLocked => Proto.VerifyOutcome.AccountLocked,
            VerifyOutcome.AccountDisabled => Proto.VerifyOutcome.AccountDisabled,
            VerifyOutcome.AccountExpired => Proto.VerifyOutcome.AccountExpired,
            VerifyOutcome.AccountNotFound => Proto.VerifyOutcome.AccountNotFound,
            _ => Proto.VerifyOutcome.Unspecified,
        },
        PasswordCorrect = result.PasswordIsCorrect,
        Server = result.Server,
        Detail = result.Detail,
    };

    public static Proto.WriteResponse ToProto(this WriteResult write, VerifyResult? verification, bool settledByVerify)
    {
        var response = new Proto.WriteResponse
        {
            Server = write.Server,
            PasswordLastSetRaw = write.PasswordLastSetRaw ?? "",
            SettledByVerify = settledByVerify,
        };
        if (verification is not null)
        {
            response.Verification = verification.ToProto();
        }

        return response;
    }

    public static Proto.AccountState ToProto(this AccountState state) => new()
    {
        Exists = state.Exists,
        Enabled = state.Enabled,
        LockedOut = state.LockedOut,
        LockedOutUntil = Time(state.LockedOutUntil),
        BadPasswordCount = state.BadPasswordCount,
        LastBadPasswordTime = Time(state.LastBadPasswordTime),
        LockoutPolicy = state.LockoutPolicy is { } policy
            ? new Proto.LockoutPolicy
            {
                Threshold = policy.Threshold,
                ObservationWindow = Duration.FromTimeSpan(policy.ObservationWindow),
                LockoutDuration = Duration.FromTimeSpan(policy.LockoutDuration),
                Source = policy.Source,
            }
            : null,
        PasswordLastSetRaw = state.PasswordLastSetRaw ?? "",
        MustChangePassword = state.MustChangePassword,
        AccountExpires = Time(state.AccountExpires),
        PasswordExpires = Time(state.PasswordExpires),
        Server = state.Server,
        DistinguishedName = state.DistinguishedName ?? "",
    };

    public static Proto.GetAccountStatesResponse ToProto(this IReadOnlyList<SettledAccountState> settled)
    {
        var response = new Proto.GetAccountStatesResponse();
        response.Entries.AddRange(settled.Select(s => new Proto.AccountStateEntry
        {
            Account = s.Account.Value,
            State = s.State.ToProto(),
        }));
        return response;
    }

    public static Proto.TestTargetResponse ToProto(this IReadOnlyList<TargetCheck> checks)
    {
        var response = new Proto.TestTargetResponse { Passed = checks.All(c => c.Status != CheckStatus.Failed) };
        response.Checks.AddRange(checks.Select(c => new Proto.TargetCheck
        {
            Name = c.Name,
            Status = c.Status switch
            {
                CheckStatus.Passed => Proto.CheckStatus.Passed,
                CheckStatus.Failed => Proto.CheckStatus.Failed,
                CheckStatus.Warning => Proto.CheckStatus.Warning,
                _ => Proto.CheckStatus.Skipped,
            },
            Detail = c.Detail,
            Remedy = c.Remedy ?? "",
        }));
        return response;
    }

    private static Timestamp? Time(DateTimeOffset? value) => value is null ? null : Timestamp.FromDateTimeOffset(value.Value);
}
