using System.Globalization;

namespace PasswordSync.Benchmarks;

/// <summary>What one run measures and how big it is (command-line options; see <see cref="Usage"/>).</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: bench/run.sh [--servers FILE] [--accounts N] [--connections C] [--quick] [options]
          --servers FILE          KEY=VALUE file of running servers (tests/servers format); default: start our own
          --accounts N            AD accounts to provision and rotate (default 200)
          --connections C         directory connections / rotations at once against AD (default 4)
          --slapd-connections C   the same against slapd (default 16)
          --memory-records S,L    records of the small and large bulk rotation on slapd (default 1000,10000)
          --reveal-requests N     reveals per side (default 5000), --reveal-callers C (default 16)
          --store-operations N    vault store writes and reads per side (default 2000)
          --setpassword-sample N  accounts for the samba-tool loop (default 20)
          --output FILE           markdown report (default docs/benchmarks.md); --no-output to skip it
          --warmups N             at most N unmeasured sync reports (after the first, cold one) and slapd bulk rotations of
                                  the small list before the measured ones, until the services' background JIT takes at
                                  most 5% of their CPU in one (default 10; --report-warmups is the old name)
          --only ad|slapd|store   run one scenario only (rows 1-4 + alt, rows 5 + 7, row 6); prints, never writes the doc
          --quick                 a small run: 40 accounts, memory 200,2000, 1000 reveals, 500 store operations, 5 samba-tool
        """;

    /// <summary>The scenarios <c>--only</c> accepts.</summary>
    public static readonly string[] Scenarios = ["ad", "slapd", "store"];

    public string? ServersFile { get; init; }

    public int Accounts { get; init; } = 200;

    public int Connections { get; init; } = 4;

    public int SlapdConnections { get; init; } = 16;

    public int MemorySmall { get; init; } = 1_000;

    public int MemoryLarge { get; init; } = 10_000;

    public int RevealRequests { get; init; } = 5_000;

    public int RevealCallers { get; init; } = 16;

    public int StoreOperations { get; init; } = 2_000;

    public int SetPasswordSample { get; init; } = 20;

    public string? OutputFile { get; init; } = "docs/benchmarks.md";

    public bool Quick { get; init; }

    /// <summary>
    /// The most unmeasured runs before a measured sync report or slapd bulk rotation (they stop once the services'
    /// background JIT settles): .NET re-compiles hot methods in the background (tiered JIT) for several runs.
    /// </summary>
    public int Warmups { get; init; } = 10;

    /// <summary>One scenario only (null: all of them); such a partial run never rewrites the doc.</summary>
    public string? Only { get; init; }

    public bool Runs(string scenario) => Only is null || Only == scenario;

    /// <summary>The options, or an error message naming the bad argument.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick")
            ? new BenchOptions
            {
                Quick = true,
                Accounts = 40,
                MemorySmall = 200,
                MemoryLarge = 2_000,
                RevealRequests = 1_000,
                StoreOperations = 500,
                SetPasswordSample = 5,
            }
            : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value.");
            int Count(int min, int max)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new FormatException($"{name} must be a whole number from {min} to {max} (got '{text}').");
            }

            try
            {
                options = name switch
                {
                    "--quick" => options,
                    "--servers" => options with { ServersFile = Value() },
                    "--accounts" => options with { Accounts = Count(4, 20_000) },
                    "--connections" => options with { Connections = Count(1, 32) },
                    "--slapd-connections" => options with { SlapdConnections = Count(1, 32) },
                    "--memory-records" => ParseMemory(options, Value()),
                    "--reveal-requests" => options with { RevealRequests = Count(10, 1_000_000) },
                    "--reveal-callers" => options with { RevealCallers = Count(1, 256) },
                    "--store-operations" => options with { StoreOperations = Count(10, 1_000_000) },
                    "--setpassword-sample" => options with { SetPasswordSample = Count(0, 1_000) },
                    "--output" => options with { OutputFile = Value() },
                    "--no-output" => options with { OutputFile = null },
                    "--warmups" or "--report-warmups" => options with { Warmups = Count(0, 50) },
                    "--only" => options with { Only = OneOf(Value(), Scenarios, name) },
                    _ => throw new FormatException($"Unknown option '{name}'."),
                };
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
        }

        return options.SetPasswordSample > options.Accounts
            ? (null, "--setpassword-sample cannot exceed --accounts.")
            : (options.Only is null ? options : options with { OutputFile = null }, null);
    }

    private static string OneOf(string text, string[] allowed, string name) => allowed.Contains(text)
        ? text
        : throw new FormatException($"{name} must be one of {string.Join(", ", allowed)} (got '{text}').");

    private static BenchOptions ParseMemory(BenchOptions options, string text)
    {
        var parts = text.Split(',');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var small)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var large)
            && small >= 10 && large > small && large <= 100_000)
        {
            return options with { MemorySmall = small, MemoryLarge = large };
        }

        throw new FormatException($"--memory-records must be SMALL,LARGE with 10 <= SMALL < LARGE <= 100000 (got '{text}').");
    }
}
