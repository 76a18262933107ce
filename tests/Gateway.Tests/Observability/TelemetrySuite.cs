using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.Gateway.Tests.Observability.Otlp;

namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>
/// The three services as real processes, each exporting traces, metrics and logs to an <see cref="OtlpReceiver"/> in
/// the test process every half second: the gateway and directory-sync over OTLP/gRPC (the default), the vault over
/// OTLP/HTTP with protobuf bodies, so one run proves OTEL_EXPORTER_OTLP_PROTOCOL is honoured.
/// </summary>
public sealed class TelemetrySuite : SuiteProcesses
{
    private OtlpReceiver? receiver;

    public OtlpReceiver Receiver => receiver ?? throw new InvalidOperationException("Not started.");

    protected override IReadOnlyDictionary<string, string> GatewaySettings =>
        With(EndToEndSettings.Defaults, Receiver.ExporterEnvironment(OtlpProtocol.Grpc));

    protected override IReadOnlyDictionary<string, string>? VaultEnvironment =>
        Receiver.ExporterEnvironment(OtlpProtocol.HttpProtobuf);

    protected override IReadOnlyDictionary<string, string>? DirectorySyncEnvironment =>
        Receiver.ExporterEnvironment(OtlpProtocol.Grpc);

    public override async ValueTask InitializeAsync()
    {
        receiver = await OtlpReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> first,
        IReadOnlyDictionary<string, string> second)
    {
        var all = new Dictionary<string, string>(first);
        foreach (var (key, value) in second)
        {
            all[key] = value;
        }

        return all;
    }
}
