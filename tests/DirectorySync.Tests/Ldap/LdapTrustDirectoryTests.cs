using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.Ldap;

namespace PasswordSync.DirectorySync.Tests.Ldap;

public sealed class LdapTrustDirectoryTests
{
    [Fact]
    public void Each_ca_gets_one_private_folder_with_its_pem_and_hash_link()
    {
        using var store = new LdapTrustDirectory();
        var first = Pem("CN=First CA");
        var second = Pem("CN=Second CA");

        var folder = store.FolderFor(first);

        Assert.Equal(folder, store.FolderFor(first + "\n"));
        Assert.NotEqual(folder, store.FolderFor(second));
        Assert.Equal(first.Trim(), File.ReadAllText(Path.Combine(folder, "ca-0.pem")).Trim());
        var link = Assert.Single(System.IO.Directory.GetFiles(folder, "*.0"));
        Assert.Equal(OpenSslHash(Path.Combine(folder, "ca-0.pem")) + ".0", Path.GetFileName(link));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(folder));
        }
    }

    [Fact]
    public void Every_certificate_of_a_ca_bundle_gets_its_own_hash_link()
    {
        // openssl rehash (what the AD copy used) skips a file with more than one certificate: nothing was trusted.
        using var store = new LdapTrustDirectory();

        var folder = store.FolderFor(Pem("CN=Root CA") + Pem("CN=Intermediate CA"));

        Assert.Equal(2, System.IO.Directory.GetFiles(folder, "*.0").Length);
    }

    [Fact]
    public void Disposing_deletes_the_folders()
    {
        var store = new LdapTrustDirectory();
        var folder = store.FolderFor(Pem("CN=Short lived CA"));

        store.Dispose();

        Assert.False(System.IO.Directory.Exists(folder));
    }

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    [InlineData("not a certificate")]
    public void Something_that_is_not_a_certificate_is_a_configuration_error(string caPem)
    {
        using var store = new LdapTrustDirectory();
        var error = Assert.Throws<DirectoryException>(() => store.FolderFor(caPem));
        Assert.Equal(FailureClass.Configuration, error.FailureClass);
        Assert.Contains("PEM", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/CN=PasswordSync test CA")]
    [InlineData("/O=Example  Corp/OU=  Mixed Case   Unit /CN=Root CA")]
    [InlineData("/C=DE/ST=Bayern/CN=caf\u00e9 CA")]
    public void Subject_hash_matches_openssl(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(ToX500(subject), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var pemFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pemFile, certificate.ExportCertificatePem());
            Assert.Equal(OpenSslHash(pemFile), OpenSslSubjectHash.Compute(certificate));
        }
        finally
        {
            File.Delete(pemFile);
        }
    }

    private static string Pem(string subject)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n";
    }

    private static X500DistinguishedName ToX500(string subject)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var part in subject.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var (type, value) = (part[..part.IndexOf('=')], part[(part.IndexOf('=') + 1)..]);
            _ = type switch
            {
                "C" => Add(() => builder.AddCountryOrRegion(value)),
                "ST" => Add(() => builder.AddStateOrProvinceName(value)),
                "O" => Add(() => builder.AddOrganizationName(value)),
                "OU" => Add(() => builder.AddOrganizationalUnitName(value)),
                _ => Add(() => builder.AddCommonName(value)),
            };
        }

        return builder.Build();
    }

    private static bool Add(Action add)
    {
        add();
        return true;
    }

    private static string OpenSslHash(string pemFile)
    {
        using var openssl = Process.Start(new ProcessStartInfo("openssl", ["x509", "-noout", "-subject_hash", "-in", pemFile])
        {
            RedirectStandardOutput = true,
        })!;
        var output = openssl.StandardOutput.ReadToEnd().Trim();
        openssl.WaitForExit();
        return output;
    }
}
