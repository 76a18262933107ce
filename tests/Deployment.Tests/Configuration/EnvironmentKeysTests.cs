using System.ComponentModel;
using System.Globalization;
using PasswordSync.Deployment.Tests.Compose;
using PasswordSync.Vault.Keyrings;

namespace PasswordSync.Deployment.Tests.Configuration;

/// <summary>Every environment variable docker-compose.yml gives a PasswordSync service is one its code reads.</summary>
public sealed class EnvironmentKeysTests
{
    /// <summary>
    /// Variables without a section the services read: the OTLP endpoint (ServiceDefaults' TelemetryExtensions reads it
    /// through configuration, the OpenTelemetry SDK reads it and the other OTEL_* ones from the environment), the
    /// vault's inline key ring, and the host's environment name.
    /// </summary>
    private static readonly HashSet<string> PlainVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_RESOURCE_ATTRIBUTES", KeyringOptions.EnvironmentVariable, "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
    ];

    public static TheoryData<string> Services =>
        new(ComposeFile.Repository.PasswordSyncServices.Select(service => service.Name));

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_section_variable_is_a_key_the_service_reads(string name)
    {
        var service = ComposeFile.Repository.Service(name);
        var code = ServiceConfiguration.CodeOf(service);
        var unknown = service.Environment.Keys.Where(ServiceConfiguration.IsSectionKey)
            .Where(variable => code.Keys.TypeOf(ServiceConfiguration.ToKey(variable)) is null)
            .ToList();
        Assert.True(unknown.Count == 0, $"{name} sets {string.Join(", ", unknown)}, which {code.AssemblyName} never "
            + $"reads. Known keys: {string.Join(", ", code.Keys.All.Order())}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_other_variable_is_one_the_service_or_its_runtime_reads(string name)
    {
        var service = ComposeFile.Repository.Service(name);
        var others = service.Environment.Keys.Where(variable => !ServiceConfiguration.IsSectionKey(variable));
        Assert.All(others, variable => Assert.Contains(variable, PlainVariables));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_value_converts_to_the_type_the_code_binds(string name)
    {
        var service = ComposeFile.Repository.Service(name);
        var code = ServiceConfiguration.CodeOf(service);
        foreach (var (key, value) in ServiceConfiguration.Of(service))
        {
            if (code.Keys.TypeOf(key) is not { } type)
            {
                continue; // an unknown key: reported by Every_section_variable_is_a_key_the_service_reads
            }

            // What ConfigurationBinder does: the type's converter, invariant culture (enums ignore case).
            var converted = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            Assert.True(converted is not null, $"{key}={value} does not convert to {type.Name}.");
        }
    }

    [Fact]
    public void Discovery_finds_the_keys_the_README_documents()
    {
        string[] vault = ["Vault:KeyringFile", "Vault:Storage:Provider", "Vault:Storage:Sqlite:Path",
            "Vault:Storage:MongoDb:ConnectionString", "Vault:Storage:MongoDb:Database", "Vault:Security:GrpcPort",
            "Vault:Security:HealthPort", "Vault:Security:ClientCaPath", "Vault:Records:DeletedRetention"];
        string[] directorySync = ["DirectorySync:DefaultOperationTimeout", "DirectorySync:BulkParallelism",
            "DirectorySync:Resilience:MaxRetryAttempts", "DirectorySync:Security:ServerKeyPath"];
        string[] gateway = ["Gateway:Public:Port", "Gateway:StateDirectory", "Gateway:Vault:Address",
            "Gateway:DirectorySync:Address", "Gateway:Internal:CaPath", "Gateway:Auth:BootstrapKeyPath",
            "Gateway:Sync:RotationLease", "Gateway:Jobs:Lease", "Gateway:Reconciliation:Interval"];
        Assert.All(vault, key => Assert.NotNull(ServiceCode.Vault.Keys.TypeOf(key)));
        Assert.All(directorySync, key => Assert.NotNull(ServiceCode.DirectorySync.Keys.TypeOf(key)));
        Assert.All(gateway, key => Assert.NotNull(ServiceCode.Gateway.Keys.TypeOf(key)));
        Assert.Equal(typeof(PasswordSync.Vault.Storage.StorageProvider),
            ServiceCode.Vault.Keys.TypeOf("Vault:Storage:Provider"));
        Assert.Equal(typeof(int), ServiceCode.Vault.Keys.TypeOf("Vault:Security:HealthPort"));
    }

    [Theory]
    [InlineData("Vault__Storgae__Provider")]
    [InlineData("Vault__Storage__Provdier")]
    [InlineData("Vault__Storage")]
    [InlineData("Vault__Security__HasServerCertificate")]
    [InlineData("Gateway__Internal__VaultAddress")]
    [InlineData("Gateway__Vault__Address")]
    public void A_misspelt_dead_or_foreign_key_is_unknown_to_the_vault(string variable)
    {
        // Gateway__Vault__Address is real, but the gateway's: the vault must not accept it either.
        Assert.Null(ServiceCode.Vault.Keys.TypeOf(ServiceConfiguration.ToKey(variable)));
    }

    [Fact]
    public void The_internal_client_addresses_are_read_from_their_own_keys_only()
    {
        // InternalClientOptions' addresses come from Gateway:Vault:Address and Gateway:DirectorySync:Address; their
        // setters are not public, so Gateway__Internal__VaultAddress is not a setting (the binder never reads it).
        Assert.Null(ServiceCode.Gateway.Keys.TypeOf("Gateway:Internal:VaultAddress"));
        Assert.Null(ServiceCode.Gateway.Keys.TypeOf("Gateway:Internal:DirectorySyncAddress"));
        Assert.NotNull(ServiceCode.Gateway.Keys.TypeOf("Gateway:Vault:Address"));
        Assert.NotNull(ServiceCode.Gateway.Keys.TypeOf("Gateway:Internal:CaPath"));
    }

    [Fact]
    public void A_value_of_the_wrong_type_does_not_convert()
    {
        var type = ServiceCode.Vault.Keys.TypeOf("Vault:Storage:Provider")!;
        Assert.ThrowsAny<Exception>(() =>
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString("Mongo"));
        Assert.Equal(PasswordSync.Vault.Storage.StorageProvider.MongoDb,
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString("mongodb"));
        Assert.Equal(5111, TypeDescriptor.GetConverter(typeof(int)).ConvertFrom(null, CultureInfo.InvariantCulture, "5111"));
    }
}
