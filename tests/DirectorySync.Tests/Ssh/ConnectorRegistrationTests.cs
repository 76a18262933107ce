using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PasswordSync.DirectorySync.Connectors;

namespace PasswordSync.DirectorySync.Tests.Ssh;

public sealed class ConnectorRegistrationTests
{
    [Fact]
    public void Registration_provides_one_connector_for_each_of_ldap_ssh_linux_and_ssh_windows()
    {
        using var provider = new ServiceCollection().AddLogging().AddOpenLdapAndSshConnectors().BuildServiceProvider();

        var kinds = provider.GetServices<IDirectoryConnector>().SelectMany(connector => connector.Kinds).ToList();

        Assert.Equal([DirectoryKind.Ldap, DirectoryKind.SshLinux, DirectoryKind.SshWindows], kinds.Order());
        Assert.DoesNotContain(DirectoryKind.ActiveDirectory, kinds);
    }
}
