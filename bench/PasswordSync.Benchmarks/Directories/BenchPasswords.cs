using System.Security.Cryptography;

namespace PasswordSync.Benchmarks.Directories;

internal static class BenchPasswords
{
    /// <summary>Random, never reused, and complex enough for AD's and slapd's policies.</summary>
    public static string New() => "Bn-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)) + "-k7!";

    /// <summary>Short and unique per run: sAMAccountName allows 20 characters.</summary>
    public static string NewRunId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
}
