using System.Text;
using PasswordSync.Gateway.Tests.Observability.Otlp;
using PasswordSync.Gateway.Tests.Observability.Otlp.Collector.Logs;
using PasswordSync.Gateway.Tests.Observability.Otlp.Common;
using PasswordSync.Gateway.Tests.Observability.Otlp.Logs;

namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>The leak search the end-to-end test relies on does find a secret, in raw bytes and in decoded fields.</summary>
public sealed class ExportedSecretsTests
{
    private const string Secret = "Leaky-Password-5e7d!";

    [Fact]
    public void A_secret_in_the_raw_bytes_of_an_export_fails_the_check()
    {
        var received = new ReceivedTelemetry();
        received.AddRaw(new ReceivedExport("/v1/logs", OtlpProtocol.HttpProtobuf,
            Encoding.Unicode.GetBytes($"prefix {Secret} suffix")));

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ExportedSecrets.AssertNoneIn(received, [Secret]));
    }

    [Fact]
    public void A_secret_in_a_decoded_log_body_fails_the_check_and_a_clean_export_passes()
    {
        var received = new ReceivedTelemetry();
        received.AddRaw(new ReceivedExport("/v1/logs", OtlpProtocol.Grpc, [1, 2, 3]));
        ExportedSecrets.AssertNoneIn(received, [Secret]);

        var request = new ExportLogsServiceRequest();
        var resourceLogs = new ResourceLogs();
        var scope = new ScopeLogs();
        scope.LogRecords.Add(new LogRecord { Body = new AnyValue { StringValue = $"failed with {Secret}" } });
        resourceLogs.ScopeLogs.Add(scope);
        request.ResourceLogs.Add(resourceLogs);
        received.Add(request, OtlpProtocol.Grpc);

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ExportedSecrets.AssertNoneIn(received, [Secret]));
    }
}
