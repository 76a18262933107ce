using PasswordSync.Testing;

namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>
/// Loopback ports for run.sh's five listeners, in 10000..19999: away from the range the gateway tests pick from
/// (20000..32000), which may run at the same time, and never 8443 or 5101-5112, which a developer's own ./run.sh uses.
/// </summary>
public static class FreePorts
{
    private static readonly LoopbackPorts Ports = new(10_000, 20_000);

    public static int Next() => Ports.Next();
}
