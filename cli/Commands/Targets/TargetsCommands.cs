using System.CommandLine;
using System.Globalization;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.Common.V1;
using PasswordSync.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PasswordSync.Cli.Commands.Targets;

/// <summary><c>pwsync targets list|get|create|delete|test</c>.</summary>
public static class TargetsCommands
{
    private static readonly Argument<string> TargetId = new("target") { Description = "The target's id." };

    public static Command Build() => new Command("targets", "Registered directories and hosts.").Having(
        new Command("list", "All targets.").With(ListAsync),
        new Command("get", "One target (never its privileged password).").Having(TargetId).With(GetAsync),
        TargetCreateCommand.Build(),
        new Command("delete", "Deletes a target.").Having(TargetId).With(DeleteAsync),
        new Command("test", "Tests reachability, TLS trust, the privileged bind and its rights. Exit 1 when a check failed.")
            .Having(TargetId).With(TestAsync));

    internal static IRenderable Describe(Target target) => Tables.Fields(
        ("id", target.Id),
        ("kind", Show.Name(target.Kind)),
        ("names", string.Join(", ", target.Names)),
        ("endpoints", string.Join(", ", target.Endpoints)),
        ("base DN", target.BaseDn),
        ("privileged account", target.PrivilegedAccount),
        ("has privileged password", Show.YesNo(target.HasPrivilegedPassword)),
        ("CA certificate", target.CaCertificatePem.Length > 0 ? "configured" : null),
        ("accept any certificate", Show.YesNo(target.AcceptAnyCertificate)),
        ("StartTLS", Show.YesNo(target.UseStartTls)),
        ("plaintext allowed", Show.YesNo(target.AllowPlaintext)),
        ("SSH host key", target.SshHostKeyFingerprint),
        ("version", target.Version.ToString(CultureInfo.InvariantCulture)),
        ("updated", Show.Time(target.UpdateTime)));

    private static async Task<int> ListAsync(CliContext cli)
    {
        var targets = await Paging.AllAsync<Target>(async token =>
        {
            var page = await cli.Targets.ListTargetsAsync(new ListTargetsRequest { PageToken = token }, cli.Call);
            return (page.Targets, page.NextPageToken);
        });
        cli.Out.Rows(targets, ["id", "kind", "names", "endpoints", "privileged account"], target =>
            [target.Id, Show.Name(target.Kind), string.Join(", ", target.Names), string.Join(", ", target.Endpoints),
                target.PrivilegedAccount]);
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAsync(CliContext cli)
    {
        var target = await cli.Targets.GetTargetAsync(new GetTargetRequest { TargetId = cli.Value(TargetId) }, cli.Call);
        cli.Out.Result(target, () => Describe(target));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(CliContext cli)
    {
        var target = await cli.Targets.GetTargetAsync(new GetTargetRequest { TargetId = cli.Value(TargetId) }, cli.Call);
        var deleted = await cli.Targets.DeleteTargetAsync(
            new DeleteTargetRequest { TargetId = target.Id, Version = target.Version }, cli.Call);
        cli.Out.Result(deleted, () => new Text($"Deleted target {target.Id} ({string.Join(", ", target.Names)}).\n"));
        return ExitCodes.Ok;
    }

    private static async Task<int> TestAsync(CliContext cli)
    {
        var response = await cli.Targets.TestTargetAsync(new TestTargetRequest { TargetId = cli.Value(TargetId) }, cli.Call);
        cli.Out.Result(response, () => new Rows(
            Tables.Of(["check", "status", "detail", "what to do"],
                response.Checks.Select(check => new[] { check.Name, check.Status, check.Detail, check.Remedy })),
            new Text(response.Ok ? "All checks passed.\n" : "Some checks failed: see what to do above.\n")));
        return response.Ok ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary><c>targets create</c>: the privileged password is read from standard input, never an argument.</summary>
    private static class TargetCreateCommand
    {
        private static readonly Option<string?> Kind = EnumChoice.One<TargetKind>("--kind", "What the target is.");
        private static readonly Option<string[]> Names = new("--name")
        {
            Description = "A name records use as \"Domain or Host\" (DNS, NetBIOS or host name; repeatable).",
            Required = true,
        };
        private static readonly Option<string[]> Endpoints = new("--endpoint")
        {
            Description = "host:port to connect to, tried in order (repeatable).",
            Required = true,
        };
        private static readonly Option<FileInfo?> DirectoryCa = new("--directory-ca-file")
        {
            Description = "PEM CA certificate the directory's TLS certificate must chain to.",
        };
        private static readonly Option<string?> BaseDn = new("--base-dn") { Description = "Base DN (LDAP, AD)." };
        private static readonly Option<string> PrivilegedAccount = new("--privileged-account")
        {
            Description = "The account that resets passwords; its password is read from standard input.",
            Required = true,
        };
        private static readonly Option<string?> HostKey = new("--ssh-host-key-fingerprint")
        {
            Description = "SSH: the host key as OpenSSH prints it (SHA256:...).",
        };
        private static readonly Option<bool> StartTls = new("--use-start-tls") { Description = "LDAP: StartTLS on the plain port." };
        private static readonly Option<bool> AllowPlaintext = new("--allow-plaintext") { Description = "LDAP: allow no TLS at all." };
        private static readonly Option<bool> AcceptAnyCertificate = new("--accept-any-certificate")
        {
            Description = "Do not validate the directory's certificate (an explicit, logged choice).",
        };

        public static Command Build() => new Command("create", "Registers a directory or host.")
            .Having(Kind, Names, Endpoints, DirectoryCa, BaseDn, PrivilegedAccount, HostKey, StartTls, AllowPlaintext,
                AcceptAnyCertificate)
            .With(CreateAsync);

        private static async Task<int> CreateAsync(CliContext cli)
        {
            var kind = cli.Value(Kind) ?? throw CliException.Usage("--kind is required.",
                $"One of: {string.Join(", ", EnumChoice.Names<TargetKind>())}.");
            var target = new Target
            {
                Kind = EnumChoice.Parse<TargetKind>(kind),
                BaseDn = cli.Value(BaseDn) ?? "",
                PrivilegedAccount = cli.Value(PrivilegedAccount),
                SshHostKeyFingerprint = cli.Value(HostKey) ?? "",
                UseStartTls = cli.Value(StartTls),
                AllowPlaintext = cli.Value(AllowPlaintext),
                AcceptAnyCertificate = cli.Value(AcceptAnyCertificate),
            };
            target.Names.AddRange(cli.Value(Names));
            target.Endpoints.AddRange(cli.Value(Endpoints));
            if (cli.Value(DirectoryCa) is { } ca)
            {
                target.CaCertificatePem = await File.ReadAllTextAsync(ca.FullName, cli.Cancellation);
            }

            target.PrivilegedPassword = SecretInput.Read("privileged account's password");
            var created = await cli.Targets.CreateTargetAsync(new CreateTargetRequest { Target = target }, cli.Call);
            cli.Out.Result(created, () => Describe(created));
            return ExitCodes.Ok;
        }
    }
}
