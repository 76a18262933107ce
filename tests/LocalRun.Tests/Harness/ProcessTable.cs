using System.Globalization;

namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>
/// Read-only views of /proc: which processes descend from a pid, which belong to a process group, which hold a file
/// open under a folder, and whether a process seen earlier is still alive. A process is identified by its pid AND its
/// start time, so a pid the kernel hands to a new process later is never mistaken for the old one.
/// </summary>
public static class ProcessTable
{
    public readonly record struct ProcessId(int Pid, long StartTime, string Name);

    /// <summary>The process, with its start time, or null when it no longer exists.</summary>
    public static ProcessId? Find(int pid) =>
        Stat(pid) is { } stat ? new ProcessId(pid, stat.StartTime, stat.Name) : null;

    /// <summary>Alive: the same process (same start time) still exists and is not a zombie (dead, awaiting reaping).</summary>
    public static bool IsAlive(ProcessId process) =>
        Stat(process.Pid) is { } stat && stat.StartTime == process.StartTime && stat.State != 'Z' && stat.State != 'X';

    /// <summary>Every living descendant of <paramref name="pid"/> (children, their children, ...).</summary>
    public static IReadOnlyList<ProcessId> Descendants(int pid)
    {
        var all = AllPids().Select(p => (Pid: p, Stat: Stat(p))).Where(p => p.Stat is not null).ToList();
        var found = new List<ProcessId>();
        var parents = new HashSet<int> { pid };
        bool added;
        do
        {
            added = false;
            foreach (var (child, stat) in all)
            {
                if (parents.Contains(stat!.Value.ParentPid) && parents.Add(child))
                {
                    found.Add(new ProcessId(child, stat.Value.StartTime, stat.Value.Name));
                    added = true;
                }
            }
        }
        while (added);

        return found;
    }

    /// <summary>Every living member of the process group <paramref name="groupId"/>.</summary>
    public static IReadOnlyList<ProcessId> GroupMembers(int groupId) =>
        AllPids().Select(p => (Pid: p, Stat: Stat(p)))
            .Where(p => p.Stat is { } stat && stat.GroupId == groupId && stat.State != 'Z')
            .Select(p => new ProcessId(p.Pid, p.Stat!.Value.StartTime, p.Stat.Value.Name))
            .ToList();

    /// <summary>The process group of a process, or null when it is gone.</summary>
    public static int? GroupOf(int pid) => Stat(pid)?.GroupId;

    /// <summary>
    /// Processes (other than this test process) that hold a file open under <paramref name="folder"/>: every process
    /// run.sh starts writes its log there, the vault holds its database there and samba its own files.
    /// </summary>
    public static IReadOnlyList<string> HoldingFilesUnder(string folder)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + "/";
        var holders = new List<string>();
        foreach (var pid in AllPids().Where(p => p != Environment.ProcessId))
        {
            string[] descriptors;
            try
            {
                descriptors = Directory.GetFiles($"/proc/{pid}/fd");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var descriptor in descriptors)
            {
                string? target;
                try
                {
                    target = new FileInfo(descriptor).LinkTarget;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (target is not null && target.StartsWith(prefix, StringComparison.Ordinal) && Find(pid) is { } process)
                {
                    holders.Add($"{process.Name} (pid {pid}) holds {target}");
                    break;
                }
            }
        }

        return holders;
    }

    private static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private readonly record struct StatFields(string Name, char State, int ParentPid, int GroupId, long StartTime);

    /// <summary>/proc/PID/stat: "pid (name) state ppid pgrp ... starttime(22nd field)"; the name may hold spaces.</summary>
    private static StatFields? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        return new StatFields(text[(open + 1)..close], fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
