namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>
/// Every process a running run.sh is responsible for, taken while it runs: its descendants (the three services and
/// any helper) and, with --demo, the demo DC's processes. samba, smbd and winbindd start sessions of their own and are
/// no longer run.sh's descendants, so they are found through the pid files in the demo DC's folder and their process
/// groups. After the stop, <see cref="AssertAllGoneAsync"/> checks each of them by pid (and start time).
/// </summary>
public sealed class StartedProcesses
{
    private readonly IReadOnlyList<ProcessTable.ProcessId> processes;
    private readonly string stateDirectory;

    private StartedProcesses(IReadOnlyList<ProcessTable.ProcessId> processes, string stateDirectory)
    {
        this.processes = processes;
        this.stateDirectory = stateDirectory;
    }

    public IReadOnlyList<ProcessTable.ProcessId> All => processes;

    public static StartedProcesses Of(RunScriptProcess run, LocalRunSettings settings)
    {
        var found = ProcessTable.Descendants(run.Id).ToList();
        var pidFiles = new[] { Path.Combine(settings.DemoDirectory, "samba.pid") }
            .Concat(Directory.Exists(Path.Combine(settings.DemoDirectory, "samba", "run"))
                ? Directory.GetFiles(Path.Combine(settings.DemoDirectory, "samba", "run"), "*.pid")
                : []);
        foreach (var pidFile in pidFiles.Where(File.Exists))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && ProcessTable.GroupOf(pid) is { } group)
            {
                found.AddRange(ProcessTable.GroupMembers(group));
            }
        }

        return new StartedProcesses(found.Distinct().ToList(), settings.StateDirectory);
    }

    /// <summary>
    /// Within <paramref name="timeout"/>, none of the processes is alive, and no process at all still holds a file
    /// under the state folder (every process run.sh starts logs there: an orphan nobody listed would show up here).
    /// </summary>
    public async Task AssertAllGoneAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<string> alive;
        do
        {
            alive = processes.Where(ProcessTable.IsAlive).Select(p => $"{p.Name} (pid {p.Pid})")
                .Concat(ProcessTable.HoldingFilesUnder(stateDirectory)).ToList();
            if (alive.Count == 0)
            {
                return;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Still running after the stop: {string.Join("; ", alive)}");
    }
}
