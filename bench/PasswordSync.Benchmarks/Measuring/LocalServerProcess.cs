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
