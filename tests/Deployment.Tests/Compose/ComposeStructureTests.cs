using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.Compose;

/// <summary>docker-compose.yml refers only to things that exist, and publishes only the gateway.</summary>
public sealed class ComposeStructureTests
{
    private static readonly ComposeFile Compose = ComposeFile.Repository;

    [Fact]
    public void The_three_PasswordSync_services_and_MongoDB_are_in_the_default_profile()
    {
        foreach (var name in new[] { "mongodb", "vault", "directory-sync", "gateway", "pki-init", "vault-keyring-init" })
        {
            Assert.Empty(Compose.Service(name).Profiles);
        }

        Assert.Equal(["directory-sync", "gateway", "vault"],
            Compose.PasswordSyncServices.Select(service => service.Name).Order().ToArray());
    }

    [Fact]
    public void Every_build_dockerfile_exists()
    {
        var built = Compose.Services.Values.Where(service => service.Dockerfile is not null).ToList();
        Assert.NotEmpty(built);
        foreach (var service in built)
        {
            Assert.True(File.Exists(Repository.PathOf(service.Dockerfile!)),
                $"{service.Name}: build.dockerfile {service.Dockerfile} does not exist.");
        }
    }

    [Fact]
    public void Only_the_gateway_publishes_a_port_and_internal_services_publish_none()
    {
        foreach (var service in Compose.Services.Values.Where(s => s.Name is not ("gateway" or "jaeger")))
        {
            Assert.True(service.Ports.Count == 0, $"{service.Name} publishes {string.Join(", ", service.Ports)}.");
            Assert.Null(service.Node.Child("network_mode"));
        }

        Assert.Single(Compose.Service("gateway").Ports);
        // The trace viewer is published to the host's loopback only: traces name accounts and targets.
        Assert.All(Compose.Service("jaeger").Ports, port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_named_volume_secret_and_network_used_is_declared()
    {
        var volumes = Compose.TopLevelNames("volumes");
        var secrets = Compose.TopLevelNames("secrets");
        var networks = Compose.TopLevelNames("networks").Append("default").ToHashSet();
        foreach (var service in Compose.Services.Values)
        {
            foreach (var mount in service.Volumes.Where(mount => mount.IsNamedVolume))
            {
                Assert.True(volumes.Contains(mount.Source), $"{service.Name}: volume '{mount.Source}' is not declared.");
            }

            foreach (var mount in service.Volumes.Where(mount => !mount.IsNamedVolume))
            {
                Assert.True(File.Exists(Repository.PathOf(mount.Source)) || System.IO.Directory.Exists(Repository.PathOf(mount.Source)),
                    $"{service.Name}: bind-mounted {mount.Source} does not exist in the repository.");
            }

            Assert.All(service.Secrets, secret => Assert.Contains(secret, secrets));
            Assert.All(service.NetworkNames, network => Assert.Contains(network, networks));
        }

        // And nothing declared is left unused (a leftover volume is data nobody backs up knowingly).
        var used = Compose.Services.Values.SelectMany(s => s.Volumes).Select(m => m.Source).ToHashSet();
        Assert.All(volumes, volume => Assert.Contains(volume, used));
    }

    [Fact]
    public void Depends_on_names_existing_services_with_valid_conditions()
    {
        string[] conditions = ["service_started", "service_healthy", "service_completed_successfully"];
        foreach (var service in Compose.Services.Values)
        {
            foreach (var (dependency, condition) in service.DependsOn)
            {
                Assert.True(Compose.Services.ContainsKey(dependency), $"{service.Name} depends on unknown '{dependency}'.");
                Assert.Contains(condition, conditions);
                var target = Compose.Service(dependency);
                // A default-profile service must not wait for a service that only runs under a profile.
                Assert.True(service.Profiles.Count > 0 || target.Profiles.Count == 0,
                    $"{service.Name} (default profile) depends on {dependency}, which runs only with a profile.");
                if (condition == "service_completed_successfully")
                {
                    Assert.Equal("no", target.Restart);
                }
            }
        }
    }

    [Fact]
    public void Profiles_are_exactly_demo_and_observability()
    {
        var profiles = Compose.Services.Values.SelectMany(service => service.Profiles).ToHashSet();
        Assert.Equal(["demo", "observability"], profiles.Order().ToArray());
        Assert.Equal(["demo"], Compose.Service("samba-dc").Profiles);
        Assert.Equal(["observability"], Compose.Service("otel-collector").Profiles);
        Assert.Equal(["observability"], Compose.Service("jaeger").Profiles);
    }

    [Fact]
    public void Every_image_is_pinned_to_a_tag_other_than_latest()
    {
        foreach (var service in Compose.Services.Values)
        {
            var image = Interpolation.Resolve(service.Image ?? "", Interpolation.NoVariables);
            Assert.False(string.IsNullOrEmpty(image), $"{service.Name} names no image.");
            var tag = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.False(tag is "" or "latest", $"{service.Name}: image '{image}' is not pinned to a tag.");
        }
    }

    [Fact]
    public void Services_built_from_one_Dockerfile_share_one_image_name()
    {
        foreach (var group in Compose.Services.Values.Where(s => s.Dockerfile is not null).GroupBy(s => s.Dockerfile))
        {
            Assert.Single(group.Select(service => service.Image).Distinct());
        }
    }

    [Fact]
    public void MongoDB_is_a_replica_set_the_vault_connects_to_by_its_service_name()
    {
        var mongo = Compose.Service("mongodb");
        var replicaSet = mongo.Command.SkipWhile(word => word != "--replSet").Skip(1).First();
        var connection = new Uri(Compose.Service("vault").Environment["Vault__Storage__MongoDb__ConnectionString"]);
        Assert.Equal("mongodb", connection.Host);
        Assert.Equal(27017, connection.Port);
        Assert.Contains($"replicaSet={replicaSet}", connection.Query, StringComparison.Ordinal);
        // The health check initiates the same set with the same member address the vault uses.
        var initiate = string.Join(' ', mongo.Node.Mapping("healthcheck")!.Scalars("test"));
        Assert.Contains($"_id: '{replicaSet}'", initiate, StringComparison.Ordinal);
        Assert.Contains($"host: '{connection.Host}:{connection.Port}'", initiate, StringComparison.Ordinal);
        Assert.Equal("MongoDb", Compose.Service("vault").Environment["Vault__Storage__Provider"]);
    }
}
