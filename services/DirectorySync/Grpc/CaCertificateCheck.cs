using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>
/// Whether a target's CA text holds PEM certificates, remembered per exact text. Every call carries its target, so
/// parsing the certificate each time cost ~0.15 ms of CPU per call here (a sync report makes one call per account);
/// the answer depends on the text alone. CA certificates are public, and the memory is bounded.
/// </summary>
internal static class CaCertificateCheck
{
    private const int RememberedTexts = 64;

    private static readonly ConcurrentDictionary<string, string?> Problems = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="pem"/> holds at least one PEM certificate; otherwise what is wrong with it.</summary>
    public static string? ProblemWith(string pem)
    {
        if (Problems.TryGetValue(pem, out var known))
        {
            return known;
        }

        var problem = Parse(pem);
        if (Problems.Count >= RememberedTexts)
        {
            Problems.Clear();
        }

        Problems[pem] = problem;
        return problem;
    }

    private static string? Parse(string pem)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            var problem = collection.Count == 0 ? "holds no PEM certificate" : null;
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }

            return problem;
        }
        catch (CryptographicException)
        {
            return "is not a valid PEM certificate";
        }
    }
}
