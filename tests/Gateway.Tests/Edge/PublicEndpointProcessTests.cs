using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>
/// The public endpoint of a real gateway process: one HTTPS port where scripts speak HTTP/1.1 and gRPC clients
/// HTTP/2, a certificate generated on first run (trusted like <c>curl --cacert</c>) and reused on restart, or the
/// configured one; the real Kestrel's size limit; and process output free of query-string secrets.
/// </summary>
public sealed class PublicEndpointProcessTests(GatewayProcessFixture suite) : IClassFixture<GatewayProcessFixture>
{
    private const string Secret = "Process-Secret-94c1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string CertificatePath => Path.Combine(suite.StateDirectory, "public-certificate.pem");

    private X509Certificate2 GeneratedCertificate() => X509CertificateLoader.LoadCertificateFromFile(CertificatePath);

    private HttpClient Client(Version version)
    {
        var client = new HttpClient(TrustedHttpHandler.For(GeneratedCertificate()))
        {
            BaseAddress = suite.Address,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new("Bearer", suite.AdminKey);
        return client;
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Http_json_is_served_over_http1_and_http2_on_the_one_port(string version)
    {
        using var http = Client(Version.Parse(version));

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), Ct);
        using var refused = await http.PostAsync(new Uri("/v1/records/edge-x:saveAndSync", UriKind.Relative),
            new StringContent("""{"pasword": "x"}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(Version.Parse(version), health.Version);
        var error = await ErrorBody.ReadAsync(refused);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal(["pasword"], error.Fields);
    }

    [Fact]
    public async Task A_generated_grpc_client_calls_the_same_port_over_http2()
    {
        using var channel = GrpcChannel.ForAddress(suite.Address,
            new GrpcChannelOptions { HttpHandler = TrustedHttpHandler.For(GeneratedCertificate()) });
        var health = new Health.HealthClient(channel);
        var sync = new V1.Sync.SyncClient(channel);

        var serving = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Ct);
        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => sync.GetJobAsync(
            new GetJobRequest { JobId = "edge-job" }, new Metadata { { "authorization", "Bearer pws_wrong" } },
            cancellationToken: Ct).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, serving.Status);
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
    }

    [Fact]
    public void The_generated_certificate_names_this_machine_its_key_is_owner_only_and_its_thumbprint_is_logged()
    {
        using var certificate = GeneratedCertificate();
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(Environment.MachineName, names.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains(IPAddress.IPv6Loopback, names.EnumerateIPAddresses());
        var keyPath = Path.Combine(suite.StateDirectory, "public-certificate.key");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        var thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        Assert.Contains(CertificatePath, suite.Gateway.Output, StringComparison.Ordinal);
        Assert.Contains(thumbprint, suite.Gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(keyPath).Split('\n')[1], suite.Gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_reuses_the_generated_certificate()
    {
        var before = await File.ReadAllBytesAsync(CertificatePath, Ct);

        var port = FreePort.Next();
        await using var restarted = await suite.StartGatewayAsync(port, suite.StateDirectory);

        Assert.Equal(before, await File.ReadAllBytesAsync(CertificatePath, Ct));
        Assert.DoesNotContain("Generated a self-signed certificate", restarted.Output, StringComparison.Ordinal);
        using var http = new HttpClient(TrustedHttpHandler.For(GeneratedCertificate()));
        using var health = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/health"), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Curl_trusts_the_generated_certificate_given_with_cacert()
    {
        if (!File.Exists("/usr/bin/curl"))
        {
            Assert.Skip("curl is not installed on this machine.");
        }

        var info = new ProcessStartInfo("/usr/bin/curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-sS", "--fail", "--http1.1", "--max-time", "20", "--cacert", CertificatePath,
                     $"https://localhost:{suite.Port}/health" })
        {
            info.ArgumentList.Add(argument);
        }

        using var curl = Process.Start(info)!;
        var output = await curl.StandardOutput.ReadToEndAsync(Ct);
        var errors = await curl.StandardError.ReadToEndAsync(Ct);
        await curl.WaitForExitAsync(Ct);

        Assert.True(curl.ExitCode == 0, $"curl exited {curl.ExitCode}: {errors}");
        Assert.Equal("Healthy", output);
    }

    [Fact]
    public async Task A_streamed_body_over_the_limit_is_refused_with_413_by_the_real_server()
    {
        using var http = Client(HttpVersion.Version11);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(
            $$"""{"requestId": "{{new string('z', 1024 * 1024 + 10)}}"}""")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/edge-big:saveAndSync")
        {
            Content = content,
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request, Ct);

        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.HttpStatus);
        Assert.Equal((int)StatusCode.ResourceExhausted, error.Code);
    }

    [Fact]
    public async Task A_secret_in_a_query_string_never_reaches_the_process_output()
    {
        using var http = Client(HttpVersion.Version11);

        using var health = await http.GetAsync(new Uri($"/health?token={Secret}", UriKind.Relative), Ct);
        using var refused = await http.GetAsync(new Uri($"/v1/jobs/edge-job?password={Secret}", UriKind.Relative), Ct);
        await WaitForOutputAsync("GET /v1/jobs/edge-job answered 400");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // A healthy probe is a Debug line (orchestrators probe every few seconds); the refused request is logged.
        Assert.DoesNotContain("GET /health answered", suite.Gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, suite.Gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_pem_certificate_is_served_instead_of_a_generated_one()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("pwsync-edge-cert-").FullName;
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=edge configured", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var configured = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5),
                DateTimeOffset.UtcNow.AddDays(1));
            var certificatePath = Path.Combine(folder, "configured.pem");
            await File.WriteAllTextAsync(certificatePath, configured.ExportCertificatePem(), Ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "configured.key"), key.ExportPkcs8PrivateKeyPem(), Ct);
            var state = Path.Combine(folder, "state");

            var port = FreePort.Next();
            await using var gateway = await suite.StartGatewayAsync(port, state, new Dictionary<string, string>
            {
                ["Gateway__Public__CertificatePath"] = certificatePath,
                ["Gateway__Public__KeyPath"] = Path.Combine(folder, "configured.key"),
            });
            using var http = new HttpClient(TrustedHttpHandler.For(configured));
            using var health = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/health"), Ct);

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Contains(Convert.ToHexString(configured.GetCertHash(HashAlgorithmName.SHA256)), gateway.Output,
                StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(state, "public-certificate.pem")));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    private async Task WaitForOutputAsync(string text)
    {
        for (var attempt = 0; attempt < 50 && !suite.Gateway.Output.Contains(text, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100, Ct);
        }
    }
}
