using PasswordSync.Common.V1;

namespace PasswordSync.Gateway.Sync.Checks;

/// <summary>
/// The account part of the per-account lock and rate-limit keys. On Windows targets "PWSYNC\svc", "svc@pwsync.test"
/// and "svc" name the same account, so they must share one lock (or two checks could race past the lockout threshold)
/// and one candidate-check budget (or a caller could multiply it by spelling the name differently).
/// </summary>
internal static class CheckAccountKey
{
    public static string For(TargetKind kind, string account)
    {
        if (kind is not (TargetKind.ActiveDirectory or TargetKind.SshWindows))
        {
            return account;
        }

        var name = account;
        var backslash = name.LastIndexOf('\\');
        if (backslash >= 0)
        {
            name = name[(backslash + 1)..];
        }

        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? name[..at] : name;
    }
}
