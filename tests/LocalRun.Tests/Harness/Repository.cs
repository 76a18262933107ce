using System.Reflection;

namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>Where run.sh is, and which build configuration the tests (and so the services' binaries) were built in.</summary>
public static class Repository
{
    public static string Root => Path.GetFullPath(Metadata("RepositoryRoot"));

    public static string RunScript => Path.Combine(Root, "run.sh");

    public static string DemoScripts => Path.Combine(Root, "deploy", "local");

    public static string Configuration => Metadata("Configuration");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value!;
}
