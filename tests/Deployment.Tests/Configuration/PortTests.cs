using System.Text.RegularExpressions;
using PasswordSync.Deployment.Tests.Compose;
using PasswordSync.Deployment.Tests.Dockerfiles;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.Configuration;

/// <summary>Every port the deployment uses is one the code listens on, with the protocol it speaks there.</summary>
public sealed partial class PortTests
{
    private static readonly ComposeFile Compose = ComposeFile.Repository;

    public static TheoryData<string> Services => new(Compose.PasswordSyncServices.Select(service => service.Name));

    [Theory]
    [InlineData("Gateway__Vault__Address", "vault")]
    [InlineData("Gateway__DirectorySync__Address", "directory-sync")]
    public void The_gateway_calls_each_internal_service_on_its_gRPC_port_over_TLS(string variable, string target)
    {
        var address = new Uri(Compose.Service("gateway").Environment[variable]);
        var service = Compose.Service(target);
        var configuration = ServiceConfiguration.Of(service);
        var code = ServiceConfiguration.CodeOf(service);
        Assert.Equal(target, address.Host);
        Assert.Equal(code.GrpcPort(configuration), address.Port);
        Assert.Equal("https", address.Scheme);
        Assert.True(code.ServesTls(configuration), $"{target} has no server certificate, but is called over https.");
        // The host name must be on the service's certificate: pki-init passes it to create-internal-pki.
        var nameOption = target == "vault" ? "--vault-name" : "--directory-sync-name";
        var names = Compose.Service("pki-init").Command.Zip(Compose.Service("pki-init").Command.Skip(1))
            .Where(pair => pair.First == nameOption).Select(pair => pair.Second);
        Assert.Contains(address.Host, names);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_image_health_check_asks_the_port_and_scheme_health_is_served_on(string name)
    {
        var service = Compose.Service(name);
        var configuration = ServiceConfiguration.Of(service);
        var code = ServiceConfiguration.CodeOf(service);
        var dockerfile = Dockerfile.Load(service.Dockerfile!);
        var url = HealthUrl(dockerfile.HealthcheckCommand ?? "");
        Assert.True(url is not null, $"{dockerfile.RelativePath}: the HEALTHCHECK requests no /health URL.");
        Assert.Equal(code.HealthPort(configuration), url!.Port);
        Assert.Equal(code.ServesTls(configuration) ? "https" : "http", url.Scheme);
        Assert.Equal("/health", url.AbsolutePath);
        // Compose keeps the image's health check: a compose override would have to be checked here too.
        Assert.Null(service.Node.Child("healthcheck"));
    }

    [Theory]
    [InlineData("vault", "Vault__Security__ClientCaPath")]
    [InlineData("directory-sync", "DirectorySync__Security__ClientCaPath")]
    public void Internal_health_checks_validate_the_certificate_against_the_internal_CA(string name, string caVariable)
    {
        var service = Compose.Service(name);
        var command = Dockerfile.Load(service.Dockerfile!).HealthcheckCommand!;
        Assert.DoesNotContain("--insecure", command, StringComparison.Ordinal);
        Assert.DoesNotContain(" -k ", command, StringComparison.Ordinal);
        Assert.Contains($"--cacert {service.Environment[caVariable]} ", command, StringComparison.Ordinal);
        // The certificate names localhost (InternalPki.LoopbackNames), which is what the probe asks for.
        Assert.Contains("localhost", PasswordSync.ServiceDefaults.InternalTls.InternalPki.LoopbackNames);
        Assert.Equal("localhost", HealthUrl(command)!.Host);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_image_exposes_exactly_the_ports_the_service_listens_on(string name)
    {
        var service = Compose.Service(name);
        var configuration = ServiceConfiguration.Of(service);
        var code = ServiceConfiguration.CodeOf(service);
        int?[] listening = [code.GrpcPort(configuration), code.HealthPort(configuration)];
        Assert.Equal(listening.OfType<int>().Order().Distinct().ToArray(),
            Dockerfile.Load(service.Dockerfile!).ExposedPorts.Order().ToArray());
    }

    [Fact]
    public void The_published_gateway_port_maps_to_its_public_HTTPS_port()
    {
        var gateway = Compose.Service("gateway");
        var port = Assert.Single(gateway.Ports);
        var containerPort = int.Parse(port[(port.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ServiceCode.Gateway.PublicPort(ServiceConfiguration.Of(gateway)), containerPort);
        Assert.Equal(8443, containerPort);
    }

    private static Uri? HealthUrl(string command) =>
        UrlPattern().Match(command) is { Success: true } match ? new Uri(match.Value) : null;

    [GeneratedRegex(@"https?://[^\s""']+/health")]
    private static partial Regex UrlPattern();
}
