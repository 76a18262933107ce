using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Connectors.ActiveDirectory;

namespace PasswordSync.DirectorySync.Tests.ActiveDirectory;

public sealed class CaTrustStoreTests
{
    [Fact]
    public void Each_ca_gets_one_private_folder_with_its_pem_and_hash_link()
    {
        using var store = new CaTrustStore();
        var first = Pem("CN=First CA");
        var second = Pem("CN=Second CA");

        var folder = store.FolderFor(first);

        Assert.Equal(folder, store.FolderFor(first + "\n"));
        Assert.NotEqual(folder, store.FolderFor(second));
        Assert.Equal(first.Trim(), File.ReadAllText(Path.Combine(folder, "ca.pem")).Trim());
        Assert.Single(System.IO.Directory.GetFiles(folder, "*.0"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(folder));
        }
    }

    [Fact]
    public void Something_that_is_not_a_certificate_is_a_configuration_error()
    {
        using var store = new CaTrustStore();
        var error = Assert.Throws<DirectoryException>(() => store.FolderFor("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"));
        Assert.Equal(FailureClass.Configuration, error.FailureClass);
    }

    private static string Pem(string subject)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}
