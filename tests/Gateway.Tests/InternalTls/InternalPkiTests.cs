using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using PasswordSync.Gateway.Internal;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.ServiceDefaults.InternalTls;

namespace PasswordSync.Gateway.Tests.InternalTls;

/// <summary>The internal PKI generator: what it writes, with which permissions, and that running it again changes nothing.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class InternalPkiTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string root = System.IO.Directory.CreateTempSubdirectory("pwsync-pki-").FullName;

    private string Folder => Path.Combine(root, "pki");

    public void Dispose() => System.IO.Directory.Delete(root, recursive: true);

    [Fact]
    public void It_writes_a_CA_both_server_certificates_and_the_gateway_client_certificate_with_owner_only_keys()
    {
        var files = InternalPki.Ensure(Folder, vaultNames: ["vault.internal"], directorySyncNames: ["10.1.2.3"]);

        foreach (var key in new[] { files.CaKey, files.VaultKey, files.DirectorySyncKey, files.GatewayKey })
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(key));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Folder));
        var authorities = PemCertificates.LoadAll(files.CaCertificate);
        using var vault = PemCertificates.LoadWithKey(files.VaultCertificate, files.VaultKey);
        using var directorySync = PemCertificates.LoadWithKey(files.DirectorySyncCertificate, files.DirectorySyncKey);
        using var gateway = PemCertificates.LoadWithKey(files.GatewayCertificate, files.GatewayKey);

        Assert.Equal(InternalPki.GatewaySubject, gateway.Subject);
        Assert.True(PrivateCaChain.Validates(gateway, authorities, PrivateCaChain.ClientAuthentication));
        // A client certificate cannot serve, and a server certificate cannot act as the gateway.
        Assert.False(PrivateCaChain.Validates(gateway, authorities, PrivateCaChain.ServerAuthentication));
        Assert.False(PrivateCaChain.Validates(vault, authorities, PrivateCaChain.ClientAuthentication));
        Assert.True(PrivateCaChain.Validates(vault, authorities, PrivateCaChain.ServerAuthentication));
        Assert.True(PrivateCaChain.Validates(directorySync, authorities, PrivateCaChain.ServerAuthentication));

        var (vaultDns, vaultIps) = AlternativeNames(vault);
        Assert.Equal(["localhost", "vault.internal"], vaultDns.Order());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], vaultIps);
        var (directoryDns, directoryIps) = AlternativeNames(directorySync);
        Assert.Equal(["localhost"], directoryDns);
        Assert.Contains(IPAddress.Parse("10.1.2.3"), directoryIps);
    }

    [Fact]
    public void Running_it_again_reuses_every_file()
    {
        var files = InternalPki.Ensure(Folder);
        var before = Snapshot(files);

        InternalPki.Ensure(Folder);

        Assert.Equal(before, Snapshot(files));
    }

    [Fact]
    public void A_new_name_reissues_only_that_server_certificate_under_the_same_CA()
    {
        var files = InternalPki.Ensure(Folder);
        var before = Snapshot(files);

        InternalPki.Ensure(Folder, vaultNames: ["vault.example"]);

        var after = Snapshot(files);
        Assert.NotEqual(before[files.VaultCertificate], after[files.VaultCertificate]);
        Assert.Equal(before[files.CaCertificate], after[files.CaCertificate]);
        Assert.Equal(before[files.GatewayCertificate], after[files.GatewayCertificate]);
        Assert.Equal(before[files.DirectorySyncCertificate], after[files.DirectorySyncCertificate]);
        using var vault = PemCertificates.LoadWithKey(files.VaultCertificate, files.VaultKey);
        Assert.Contains("vault.example", AlternativeNames(vault).Dns);
    }

    [Fact]
    public void A_lost_gateway_key_gets_a_new_gateway_certificate_from_the_same_CA()
    {
        var files = InternalPki.Ensure(Folder);
        var caBefore = File.ReadAllText(files.CaCertificate);
        File.Delete(files.GatewayKey);

        InternalPki.Ensure(Folder);

        Assert.Equal(caBefore, File.ReadAllText(files.CaCertificate));
        using var gateway = PemCertificates.LoadWithKey(files.GatewayCertificate, files.GatewayKey);
        Assert.True(PrivateCaChain.Validates(gateway, PemCertificates.LoadAll(files.CaCertificate),
            PrivateCaChain.ClientAuthentication));
    }

    [Fact]
    public void A_key_that_is_not_the_certificates_gets_a_fresh_pair()
    {
        var files = InternalPki.Ensure(Folder);
        File.Copy(files.VaultKey, files.DirectorySyncKey, overwrite: true);

        InternalPki.Ensure(Folder);

        using var directorySync = PemCertificates.LoadWithKey(files.DirectorySyncCertificate, files.DirectorySyncKey);
        Assert.True(directorySync.HasPrivateKey);
    }

    [Fact]
    public void Half_a_CA_is_never_replaced_and_the_error_says_what_to_do()
    {
        var files = InternalPki.Ensure(Folder);
        File.Delete(files.CaKey);
        var before = Snapshot(files);

        var error = Assert.Throws<InvalidOperationException>(() => InternalPki.Ensure(Folder));

        Assert.Contains("ca.key", error.Message, StringComparison.Ordinal);
        Assert.Contains("restore", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(files));
    }

    [Fact]
    public void The_command_writes_the_PKI_and_prints_paths_but_no_key()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = InternalPkiCommand.TryRun(["create-internal-pki", Folder, "--vault-name", "vault.internal"], output, error);

        Assert.Equal(InternalPkiCommand.Success, exit);
        var files = new InternalPkiFiles(Folder);
        Assert.Contains(files.GatewayKey, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", error.ToString());
        Assert.True(File.Exists(files.DirectorySyncKey));
    }

    [Theory]
    [InlineData("create-internal-pki")]
    [InlineData("create-internal-pki", "a", "b")]
    [InlineData("create-internal-pki", "a", "--vault-name")]
    [InlineData("create-internal-pki", "a", "--bogus", "x")]
    public void Bad_command_lines_print_the_usage_and_write_nothing(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = InternalPkiCommand.TryRun(args.Select(a => a == "a" ? Folder : a).ToArray(), output, error);

        Assert.Equal(InternalPkiCommand.Usage, exit);
        Assert.Contains("usage: create-internal-pki", error.ToString(), StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(Folder));
    }

    [Fact]
    public void Other_arguments_start_the_service_as_usual()
    {
        Assert.Null(InternalPkiCommand.TryRun([]));
        Assert.Null(InternalPkiCommand.TryRun(["--urls", "http://127.0.0.1:0"]));
    }

    [Fact]
    public async Task The_gateway_binary_runs_the_command_without_starting_the_service()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ServiceBinaries.Gateway);
        info.ArgumentList.Add("create-internal-pki");
        info.ArgumentList.Add(Folder);
        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output} {await errors}");
        Assert.Contains("gateway client", await output, StringComparison.Ordinal);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(new InternalPkiFiles(Folder).GatewayKey));
    }

    private static Dictionary<string, string> Snapshot(InternalPkiFiles files) =>
        new[]
        {
            files.CaCertificate, files.CaKey, files.VaultCertificate, files.VaultKey, files.DirectorySyncCertificate,
            files.DirectorySyncKey, files.GatewayCertificate, files.GatewayKey,
        }.Where(File.Exists).ToDictionary(path => path, File.ReadAllText);

    private static (List<string> Dns, List<IPAddress> Ips) AlternativeNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        return (extension.EnumerateDnsNames().ToList(), extension.EnumerateIPAddresses().ToList());
    }
}
