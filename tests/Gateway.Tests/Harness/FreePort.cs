using PasswordSync.Testing;

namespace PasswordSync.Gateway.Tests.Harness;

/// <summary>Ports for the services these tests start: 20000..32000 (run.sh's tests take 10000..19999).</summary>
public static class FreePort
{
    private static readonly LoopbackPorts Ports = new(20_000, 32_000);

    /// <summary>A loopback port free right now and never handed out before in this process.</summary>
    public static int Next() => Ports.Next();
}
