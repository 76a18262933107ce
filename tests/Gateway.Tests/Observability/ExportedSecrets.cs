using System.Text;
using PasswordSync.Gateway.Tests.Observability.Otlp;

namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>
/// Proves no secret reached the collector: searched in the raw request bytes the services sent (UTF-8 and UTF-16,
/// whatever the field) and in every decoded string. Failures give counts, never the secret.
/// </summary>
public static class ExportedSecrets
{
    public static void AssertNoneIn(ReceivedTelemetry received, IEnumerable<string> secrets)
    {
        var all = secrets.Where(secret => secret.Length >= 8).Distinct(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(all);
        var exports = received.RawExports;
        Assert.NotEmpty(exports);
        foreach (var export in exports)
        {
            var leaked = all.Count(secret =>
                export.RawBody.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0
                || export.RawBody.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0);
            Assert.True(leaked == 0,
                $"{leaked} of the test's {all.Length} secrets appear in an export to {export.Path} ({export.Protocol}).");
        }

        var strings = received.DecodedStrings();
        var decodedLeaks = all.Count(secret => strings.Any(text => text.Contains(secret, StringComparison.Ordinal)));
        Assert.True(decodedLeaks == 0,
            $"{decodedLeaks} of the test's {all.Length} secrets appear in decoded span, metric or log fields.");
    }
}
