using PasswordSync.Deployment.Tests.Compose;
using PasswordSync.Deployment.Tests.Dockerfiles;
using PasswordSync.Deployment.Tests.Infrastructure;

namespace PasswordSync.Deployment.Tests.InitSteps;

/// <summary>
/// Runs a one-shot service of docker-compose.yml as its container would: its entrypoint script (the repository file
/// its image COPYs to that path), its command with paths mapped into <see cref="ContainerFileSystem"/>, from the
/// service's build folder (the image's WORKDIR /app holds the same published assembly).
/// </summary>
internal static class InitStep
{
    public static async Task<(int ExitCode, string Output)> RunAsync(ContainerFileSystem files, string serviceName,
        string workingDirectory)
    {
        var service = ComposeFile.Repository.Service(serviceName);
        Assert.Equal("sh", service.Entrypoint[0]);
        var script = RepositoryFileCopiedTo(Dockerfile.Load(service.Dockerfile!), service.Entrypoint[1]);
        var arguments = service.Command.Select(argument => argument.StartsWith('/') ? files.Map(service, argument)
            : argument).Prepend(script).ToArray();
        return await ProcessRun.RunAsync(workingDirectory, new Dictionary<string, string>(), "sh", arguments);
    }

    /// <summary>The repository file the image COPYs to <paramref name="imagePath"/> (fails when none is).</summary>
    public static string RepositoryFileCopiedTo(Dockerfile dockerfile, string imagePath)
    {
        var copy = dockerfile.All("COPY").Where(i => i.Stage == dockerfile.FinalStage)
            .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .SingleOrDefault(words => words[^1] == imagePath);
        Assert.True(copy is not null, $"{dockerfile.RelativePath} copies nothing to {imagePath}.");
        return Repository.PathOf(copy![0]);
    }
}
