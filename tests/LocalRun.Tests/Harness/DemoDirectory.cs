using System.Diagnostics;
using System.Text;

namespace PasswordSync.LocalRun.Tests.Harness;

/// <summary>
/// The demo DC seen from outside PasswordSync: an LDAPS simple bind with ldapsearch (OpenLDAP's client, not the
/// product's code), trusting the DC's own CA, by the DC's certificate name. The password goes through a 0600 file
/// (-y), never a command line.
/// </summary>
public static class DemoDirectory
{
    public static bool CanRun(out string whyNot)
    {
        whyNot = Environment.UserName != "root" ? "run.sh --demo needs root (it runs a Samba AD DC)"
            : !File.Exists("/usr/bin/samba-tool") ? "Samba is not installed (tests/servers/install-packages.sh installs it)"
            : !File.Exists("/usr/bin/ldapsearch") ? "ldap-utils is not installed (tests/servers/install-packages.sh installs it)"
            : "";
        return whyNot.Length == 0;
    }

    /// <summary>True when the DC accepts the password for the account (one bind).</summary>
    public static async Task<bool> AcceptsAsync(LocalRunSettings settings, string userName, string password)
    {
        var folder = Directory.CreateTempSubdirectory("pwsync-localrun-bind-");
        try
        {
            var passwordFile = Path.Combine(folder.FullName, "password");
            await File.WriteAllTextAsync(passwordFile, password, new UTF8Encoding(false), TestContext.Current.CancellationToken);
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var info = new ProcessStartInfo("/usr/bin/ldapsearch")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["LDAPTLS_CACERT"] = Path.Combine(settings.DemoDirectory, "samba", "private", "tls", "ca.pem");
            info.Environment["LDAPTLS_REQCERT"] = "demand";
            foreach (var argument in new[]
                     {
                         "-x", "-H", $"ldaps://{LocalRunSettings.DemoFqdn}:636",
                         "-D", $"{userName}@{LocalRunSettings.DemoRealm}", "-y", passwordFile,
                         // After the bind, one read of the root DSE (Samba has no Who-am-I operation).
                         "-b", "", "-s", "base", "(objectClass=*)", "dn",
                     })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            var said = await output + await errors;
            // 49 = invalid credentials: a clear "no". Anything else (TLS, unreachable) is not an answer at all.
            Assert.True(process.ExitCode is 0 or 49, $"ldapsearch failed with {process.ExitCode}: {said}");
            return process.ExitCode == 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
