using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.DirectorySync.Grpc;

namespace PasswordSync.DirectorySync.Tests.Grpc;

/// <summary>The remembered CA check gives the same answers as parsing the text each time, whatever it saw before.</summary>
public sealed class CaCertificateCheckTests
{
    [Fact]
    public void A_certificate_passes_and_broken_or_missing_ones_are_named_every_time_they_are_asked()
    {
        var valid = NewCaPem();
        var broken = "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n"; // base64, but no certificate
        var none = "just some text";

        for (var round = 0; round < 2; round++)
        {
            Assert.Null(CaCertificateCheck.ProblemWith(valid));
            Assert.Equal("is not a valid PEM certificate", CaCertificateCheck.ProblemWith(broken));
            Assert.Equal("holds no PEM certificate", CaCertificateCheck.ProblemWith(none));
        }
    }

    [Fact]
    public void Past_its_bound_it_forgets_and_still_answers_right()
    {
        var valid = NewCaPem();
        Assert.Null(CaCertificateCheck.ProblemWith(valid));
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("holds no PEM certificate", CaCertificateCheck.ProblemWith($"text {i}"));
        }

        Assert.Null(CaCertificateCheck.ProblemWith(valid));
        Assert.Equal("holds no PEM certificate", CaCertificateCheck.ProblemWith("text 3"));
    }

    private static string NewCaPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=check test CA", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}
