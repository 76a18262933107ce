using System.Xml.Linq;
using PasswordSync.Deployment.Tests.Compose;
using PasswordSync.Deployment.Tests.Configuration;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.Dockerfiles;

/// <summary>The Dockerfiles build what exists and run it the way the project's standards (and hadolint) ask.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> ServiceDockerfiles => new(ComposeFile.Repository.PasswordSyncServices
        .Select(service => service.Dockerfile!).Distinct());

    public static TheoryData<string> AllDockerfiles => new(ComposeFile.Repository.Services.Values
        .Select(service => service.Dockerfile).OfType<string>().Distinct());

    [Theory]
    [MemberData(nameof(AllDockerfiles))]
    public void Every_COPY_source_exists_and_is_not_excluded_by_dockerignore(string path)
    {
        var sources = Dockerfile.Load(path).ContextSources.ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var full = Repository.PathOf(source);
            Assert.True(File.Exists(full) || System.IO.Directory.Exists(full), $"{path}: COPY source {source} does not exist.");
            Assert.False(DockerIgnore.Repository.Excludes(source), $"{path}: COPY source {source} is in .dockerignore.");
        }
    }

    [Theory]
    [MemberData(nameof(AllDockerfiles))]
    public void Base_images_are_pinned_to_a_tag_other_than_latest(string path)
    {
        foreach (var (image, _) in Dockerfile.Load(path).Stages)
        {
            var tag = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.False(tag is "" or "latest", $"{path}: FROM {image} is not pinned to a tag.");
        }
    }

    [Theory]
    [MemberData(nameof(ServiceDockerfiles))]
    public void Builds_with_the_SDK_and_runs_on_the_ASP_NET_runtime_as_a_non_root_user(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        Assert.Equal(2, dockerfile.Stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", dockerfile.Stages[0].Image, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", dockerfile.Stages[1].Image, StringComparison.Ordinal);
        // The runtime is the SDK's major version, on the same distribution.
        Assert.Equal(dockerfile.Stages[0].Image.Split(':')[1], dockerfile.Stages[1].Image.Split(':')[1]);
        Assert.Equal("$APP_UID", dockerfile.FinalUser);
        Assert.Contains(dockerfile.All("COPY"), copy => copy.Stage == 1 && copy.Arguments.StartsWith(
            $"--from={dockerfile.Stages[0].Alias} ", StringComparison.Ordinal));
        Assert.NotNull(dockerfile.HealthcheckCommand);
    }

    [Theory]
    [MemberData(nameof(ServiceDockerfiles))]
    public void The_entry_point_runs_the_assembly_of_the_project_it_publishes(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var publish = dockerfile.All("RUN").Select(run => run.Arguments)
            .Single(run => run.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var project = publish.Split(' ')[2];
        Assert.True(File.Exists(Repository.PathOf(project)), $"{path} publishes {project}, which does not exist.");
        var assemblyName = XDocument.Load(Repository.PathOf(project)).Descendants("AssemblyName")
            .Select(element => element.Value).FirstOrDefault() ?? Path.GetFileNameWithoutExtension(project);
        Assert.Equal($"{assemblyName}.dll", dockerfile.EntrypointDll);
        // And that assembly is the one whose configuration keys and ports the other tests check.
        Assert.Equal(assemblyName, ServiceCode.ForDll(dockerfile.EntrypointDll!).AssemblyName);
        Assert.Contains("-o /app", publish, StringComparison.Ordinal);
        Assert.Contains(dockerfile.All("WORKDIR"), workdir => workdir.Stage == dockerfile.FinalStage
            && workdir.Arguments == "/app");
    }

    [Theory]
    [MemberData(nameof(ServiceDockerfiles))]
    public void Installs_the_native_libraries_the_service_loads_and_curl_for_its_health_check(string path)
    {
        var dockerfile = Dockerfile.Load(path);
        var packages = dockerfile.AptPackagesOfFinalStage;
        Assert.Contains("curl", packages);
        Assert.Contains("ca-certificates", packages);
        Assert.StartsWith("curl ", dockerfile.HealthcheckCommand, StringComparison.Ordinal);
        // System.DirectoryServices.Protocols loads libldap at run time (libldap.so.2 first): the runtime image is
        // Ubuntu 24.04, where OpenLDAP's client library is the package libldap2.
        var code = ServiceCode.ForDll(dockerfile.EntrypointDll!);
        var usesLdap = code.Assembly.GetReferencedAssemblies()
            .Any(reference => reference.Name == "System.DirectoryServices.Protocols");
        Assert.Equal(usesLdap, packages.Contains("libldap2"));
        Assert.Contains("-noble", dockerfile.Stages[^1].Image, StringComparison.Ordinal);
        Assert.Contains(dockerfile.All("RUN"), run => run.Arguments.Contains("rm -rf /var/lib/apt/lists/*",
            StringComparison.Ordinal));
        Assert.All(dockerfile.All("RUN").Where(run => run.Arguments.Contains("apt-get install", StringComparison.Ordinal)),
            run => Assert.Contains("--no-install-recommends", run.Arguments, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_directory_sync_links_the_LDAP_library()
    {
        // Guards the test above against passing vacuously: exactly one service really references S.DS.Protocols.
        Assert.Equal([ServiceCode.DirectorySync.AssemblyName], ServiceCode.All
            .Where(code => code.Assembly.GetReferencedAssemblies()
                .Any(reference => reference.Name == "System.DirectoryServices.Protocols"))
            .Select(code => code.AssemblyName).ToArray());
    }

    [Fact]
    public void The_samba_demo_image_is_the_one_documented_exception_to_non_root()
    {
        var dockerfile = Dockerfile.Load("deploy/samba-demo/Dockerfile");
        Assert.Null(dockerfile.FinalUser);
        Assert.Contains("runs as root on purpose", Repository.ReadText("deploy/samba-demo/Dockerfile"),
            StringComparison.Ordinal);
        Assert.Equal(["demo"], ComposeFile.Repository.Service("samba-dc").Profiles);
    }

    [Fact]
    public void Dockerignore_matching_behaves_like_the_builder()
    {
        Assert.True(DockerIgnore.Repository.Excludes("services/Vault/bin/Release/x.dll"));
        Assert.True(DockerIgnore.Repository.Excludes("gateway/obj"));
        Assert.True(DockerIgnore.Repository.Excludes("tests/Vault.Tests/HealthTests.cs"));
        Assert.True(DockerIgnore.Repository.Excludes("deploy/secrets/vault.keyring"));
        Assert.False(DockerIgnore.Repository.Excludes("services/Vault/Program.cs"));
        Assert.False(DockerIgnore.Repository.Excludes("deploy/init/pki-init.sh"));
    }
}
