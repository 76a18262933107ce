using System.Net;

namespace PasswordSync.Benchmarks.Measuring;

/// <summary>
/// The local process of a directory server, found by its command name and by an address:port its command line
/// listens on (tests/servers/start-slapd.sh starts slapd with -h 'ldaps://ADDRESS:PORT/'), so the CPU it spends on
/// the product's work can be read. Null when the server runs elsewhere or under another command line.
/// </summary>
internal static class LocalServerProcess
{
    public static int? Find(string command, string host, int port)
    {
        var endpoints = Addresses(host).Select(address => $"{address}:{port}/").Append($"{host}:{port}/").ToArray();
        foreach (var folder in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(folder, "comm")).Trim() != command)
                {
                    continue;
                }

                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (endpoints.Any(endpoint => commandLine.Contains(endpoint, StringComparison.OrdinalIgnoreCase)))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being looked at, or is not ours to read: not the server.
            }
        }

        return null;
    }

    /// <summary>
    /// The Samba AD DC's process when exactly one runs on this machine (tests/servers/start-samba.sh runs it as one
    /// process, <c>-M single</c>, whose command line reads "samba: root process"); null otherwise. Its command line
    /// names no address, so the process cannot be told from another DC's.
    /// </summary>
    public static int? FindSingleSambaDc()
    {
        var found = new List<int>();
        foreach (var folder in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(folder), out var pid)
                    && File.ReadAllText(Path.Combine(folder, "comm")).Trim() == "samba"
                    && File.ReadAllText(Path.Combine(folder, "cmdline")).StartsWith("samba: root process", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being looked at, or is not ours to read: not the DC.
            }
        }

        return found.Count == 1 ? found[0] : null;
    }

    private static IEnumerable<string> Addresses(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host).Select(address => address.ToString());
        }
        catch (System.Net.Sockets.SocketException)
        {
            return [];
        }
    }
}
