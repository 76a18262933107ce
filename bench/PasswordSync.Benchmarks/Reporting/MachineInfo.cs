using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PasswordSync.Benchmarks.Reporting;

/// <summary>What the figures were measured on: cores, memory, OS, .NET, the directory servers' versions, the load.</summary>
internal static class MachineInfo
{
    public static IReadOnlyList<(string Name, string Value)> Describe() =>
    [
        ("CPU", $"{Environment.ProcessorCount} cores, {CpuModel()}"),
        ("Memory", MemTotal()),
        ("OS", $"{OsName()} ({RuntimeInformation.OSArchitecture}, kernel {Environment.OSVersion.Version})"),
        (".NET", RuntimeInformation.FrameworkDescription),
        ("Samba", Run("samba", "--version")),
        ("slapd", SlapdVersion()),
        ("Load average at start", File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?"),
    ];

    private static string CpuModel() => ProcLine("/proc/cpuinfo", "model name") ?? "unknown model";

    private static string MemTotal()
    {
        var line = ProcLine("/proc/meminfo", "MemTotal");
        return line is null ? "?" : $"{long.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GiB";
    }

    private static string OsName()
    {
        const string key = "PRETTY_NAME=";
        var line = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))
            : null;
        return line?[key.Length..].Trim('"') ?? RuntimeInformation.OSDescription;
    }

    private static string? ProcLine(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    // slapd prints its version banner on stderr with -VV and exits.
    private static string SlapdVersion()
    {
        var banner = Run("/usr/sbin/slapd", "-VV");
        return banner.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("slapd", StringComparison.Ordinal)) ?? banner;
    }

    private static string Run(string file, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, argument)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit(10_000);
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
