using System.Runtime.Versioning;
using PasswordSync.Benchmarks;

// The directory servers, libldap's CA folders and /proc exist on Linux only.
[assembly: SupportedOSPlatform("linux")]

return await BenchmarkRun.MainAsync(args);
