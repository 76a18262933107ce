using System.Diagnostics;
using PasswordSync.Benchmarks.Directories;
using PasswordSync.Benchmarks.Reporting;
using PasswordSync.Benchmarks.Scenarios;
using PasswordSync.Benchmarks.Suite;

namespace PasswordSync.Benchmarks;

/// <summary>One benchmark run: every measurement side by side, the table on the console and in the doc.</summary>
internal static class BenchmarkRun
{
    public static async Task<int> MainAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        var (options, error) = BenchOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error + "\n" + BenchOptions.Usage);
            return 2;
        }

        if (options.ServersFile is null || !File.Exists(options.ServersFile))
        {
            await Console.Error.WriteLineAsync(
                "--servers FILE is required (bench/run.sh passes it, after starting servers when none are given).\n" + BenchOptions.Usage);
            return 2;
        }

        var servers = ServerSettings.Load(options.ServersFile);
        var machine = MachineInfo.Describe();
        var table = new ResultTable();
        var clock = Stopwatch.StartNew();
        Console.WriteLine("Starting vault, directory-sync and gateway (Release) as processes");
        await using (var suite = await BenchSuite.StartAsync(Math.Max(options.Connections, options.SlapdConnections)))
        {
            var api = new GatewayApi(suite);
            try
            {
                if (options.Runs("ad"))
                {
                    await ActiveDirectoryScenario.RunAsync(suite, api, new ActiveDirectory(servers), options, table);
                }

                if (options.Runs("slapd"))
                {
                    await OpenLdapScenario.RunAsync(suite, api, new OpenLdapDirectory(servers), options, table);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                await Console.Error.WriteLineAsync($"The benchmark failed: {e.Message}\n{suite.Diagnostics()}");
                throw;
            }
        }

        if (options.Runs("store"))
        {
            Console.WriteLine("Vault store (6): SQLite store vs raw SQLite");
            await VaultStoreScenario.RunAsync(options, table);
        }

        if (options.OutputFile is not null)
        {
            MarkdownReport.Write(options.OutputFile, options, machine, table, clock.Elapsed);
            Console.WriteLine($"Written to {options.OutputFile}");
        }

        Console.WriteLine();
        Console.WriteLine(table.ToMarkdown());
        return 0;
    }
}
