using System.Runtime.ExceptionServices;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>The suite with short leases, so the reconciler and the job runner take over within seconds.</summary>
public sealed class ShortLeaseSuite : SuiteProcesses
{
    protected override IReadOnlyDictionary<string, string> GatewaySettings => EndToEndSettings.ShortLeases;
}

/// <summary>
/// The suite whose gateway SIGKILLs itself right after a directory write, before the vault commit (Sync/CrashPoints),
/// with short leases for the restart.
/// </summary>
public sealed class CrashAfterApplySuite : SuiteProcesses
{
    public const string CrashPointKey = "Gateway:Testing:CrashPoint";

    protected override IReadOnlyDictionary<string, string> GatewaySettings =>
        new Dictionary<string, string>(EndToEndSettings.ShortLeases) { [CrashPointKey] = "after-apply" };
}

/// <summary>The suite with short leases and a DC of its own that the test may freeze.</summary>
public sealed class DedicatedDirectorySuite : SuiteProcesses
{
    private DedicatedDomainController? directory;
    private ExceptionDispatchInfo? directoryFailure;

    /// <summary>The dedicated DC; rethrows (in the test, where a skip is a skip) why it could not start.</summary>
    public DedicatedDomainController Directory
    {
        get
        {
            directoryFailure?.Throw();
            return directory ?? throw new InvalidOperationException("Not started.");
        }
    }

    protected override IReadOnlyDictionary<string, string> GatewaySettings => EndToEndSettings.ShortLeases;

    public override async ValueTask InitializeAsync()
    {
        // Provisioning a DC takes a while: in parallel with the three processes.
        var starting = DedicatedDomainController.StartAsync();
        await base.InitializeAsync();
        try
        {
            directory = await starting;
        }
        catch (Exception e)
        {
            directoryFailure = ExceptionDispatchInfo.Capture(e);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (directory is not null)
        {
            await directory.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
