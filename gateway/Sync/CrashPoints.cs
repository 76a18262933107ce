using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Sync;

/// <summary>
/// Fault injection for the crash tests: when <c>Gateway:Testing:CrashPoint</c> names a point (e.g. "after-apply", the
/// window between the directory write and the vault commit), the process SIGKILLs itself there, exactly like a
/// crash: no cleanup, no finally blocks. Unset in every real deployment; logged at start when set.
/// </summary>
public sealed class CrashPoints(IOptions<CrashPointOptions> options)
{
    public const string AfterApply = "after-apply";
    public const string AfterBegin = "after-begin";

    public void Hit(string point)
    {
        if (string.Equals(options.Value.CrashPoint, point, StringComparison.Ordinal))
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
    }
}

public sealed class CrashPointOptions
{
    public const string Section = "Gateway:Testing";

    public string? CrashPoint { get; set; }
}
