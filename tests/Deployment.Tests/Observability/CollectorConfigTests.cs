using PasswordSync.Deployment.Tests.Compose;
using PasswordSync.Deployment.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace PasswordSync.Deployment.Tests.Observability;

/// <summary>deploy/otel-collector.yaml is a coherent collector configuration wired to the compose services.</summary>
public sealed class CollectorConfigTests
{
    private const string ConfigPath = "deploy/otel-collector.yaml";
    private static readonly YamlMappingNode Config = YamlNodes.Load(Repository.PathOf(ConfigPath));
    private static readonly ComposeFile Compose = ComposeFile.Repository;

    [Fact]
    public void Every_pipeline_uses_only_declared_components_and_every_declared_one_is_used()
    {
        var pipelines = Config.Mapping("service")!.Mapping("pipelines").Entries().ToList();
        Assert.Equal(["logs", "metrics", "traces"], pipelines.Select(p => p.Key).Order().ToArray());
        foreach (var kind in new[] { "receivers", "processors", "exporters" })
        {
            var declared = Config.Mapping(kind).Entries().Select(entry => entry.Key).ToHashSet();
            var used = pipelines.SelectMany(p => ((YamlMappingNode)p.Value).Scalars(kind)).ToHashSet();
            Assert.All(used, component => Assert.Contains(component, declared));
            Assert.All(declared, component => Assert.Contains(component, used));
        }

        var extensions = Config.Mapping("extensions").Entries().Select(entry => entry.Key).ToHashSet();
        Assert.All(Config.Mapping("service")!.Scalars("extensions"), extension => Assert.Contains(extension, extensions));
    }

    [Fact]
    public void Traces_go_to_the_jaeger_service_of_the_observability_profile_over_OTLP()
    {
        var traces = Config.Mapping("service")!.Mapping("pipelines")!.Mapping("traces")!;
        var exporter = Assert.Single(traces.Scalars("exporters"));
        Assert.StartsWith("otlp", exporter, StringComparison.Ordinal);
        var endpoint = Config.Mapping("exporters")!.Mapping(exporter)!.Scalar("endpoint")!;
        var host = endpoint.Split(':')[0];
        Assert.Equal("4317", endpoint.Split(':')[1]); // Jaeger all-in-one's OTLP gRPC port
        Assert.Equal(["observability"], Compose.Service(host).Profiles);
        Assert.StartsWith("jaegertracing/all-in-one:", Compose.Service(host).Image, StringComparison.Ordinal);
    }

    [Fact]
    public void The_services_OTLP_endpoint_in_the_env_example_is_a_port_the_collector_receives_on()
    {
        var variables = Interpolation.ReadEnvFile(Repository.PathOf("deploy/env.example"));
        var endpoint = new Uri(variables["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var collector = Compose.Service(endpoint.Host);
        Assert.Equal(["observability"], collector.Profiles);
        Assert.StartsWith("otel/opentelemetry-collector-contrib:", collector.Image, StringComparison.Ordinal);
        // The .NET exporter's default protocol is OTLP over gRPC: the endpoint must be the gRPC receiver's port.
        var grpc = Config.Mapping("receivers")!.Mapping("otlp")!.Mapping("protocols")!.Mapping("grpc")!.Scalar("endpoint")!;
        Assert.Equal(endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), grpc.Split(':')[1]);
        foreach (var service in Compose.PasswordSyncServices)
        {
            Assert.Equal(endpoint.ToString().TrimEnd('/'), Interpolation.Resolve(
                service.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"], variables));
        }
    }

    [Fact]
    public void The_collector_reads_the_repository_config_file()
    {
        var collector = Compose.Service("otel-collector");
        var mount = Assert.Single(collector.Volumes);
        Assert.Equal("./" + ConfigPath, mount.Source);
        Assert.True(mount.ReadOnly);
        Assert.Contains($"--config={mount.Target}", collector.Command);
    }
}
