using System.Text.RegularExpressions;
using PasswordSync.Deployment.Tests.Compose;

namespace PasswordSync.Deployment.Tests.InitSteps;

/// <summary>
/// Stands in for Docker's volumes without an engine: each named volume is a folder, and each service gets a root
/// folder where its mount targets are symbolic links to those volume folders. A container path of a service then maps
/// to a real path, so the init steps and services can run as real processes with the paths docker-compose.yml gives
/// them, and files one service writes are found where another service mounts the same volume.
/// </summary>
internal sealed partial class ContainerFileSystem : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("pwsync-deploy-").FullName;

    public string VolumeDirectory(string volume)
    {
        var path = Path.Combine(_directory, "volumes", volume);
        if (!System.IO.Directory.Exists(path))
        {
            // Like the images' mount points: owner-only folders of the service's user.
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>The real path of <paramref name="containerPath"/> in <paramref name="service"/>'s container.</summary>
    public string Map(ComposeService service, string containerPath)
    {
        var root = Path.Combine(_directory, "roots", service.Name);
        if (!System.IO.Directory.Exists(root))
        {
            foreach (var mount in service.Volumes.Where(mount => mount.IsNamedVolume))
            {
                var link = Path.Combine(root, mount.Target.TrimStart('/'));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                System.IO.Directory.CreateSymbolicLink(link, VolumeDirectory(mount.Source));
            }

            System.IO.Directory.CreateDirectory(root);
        }

        return Path.Combine(root, containerPath.TrimStart('/'));
    }

    /// <summary>Maps every absolute path in <paramref name="text"/> that lies in one of the service's volumes.</summary>
    public string MapPaths(ComposeService service, string text) =>
        AbsolutePath().Replace(text, match => service.VolumeHolding(match.Value) is null ? match.Value
            : Map(service, match.Value));

    /// <summary>The files now in a named volume (relative paths), as a service mounting it would see them.</summary>
    public IReadOnlyList<string> FilesIn(string volume) =>
        System.IO.Directory.EnumerateFiles(VolumeDirectory(volume), "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(VolumeDirectory(volume), file)).ToList();

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    [GeneratedRegex(@"(?<![\w/:])/[A-Za-z0-9_.\-/]+")]
    private static partial Regex AbsolutePath();
}
