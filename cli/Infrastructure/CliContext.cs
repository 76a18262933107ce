using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using PasswordSync.Cli.Configuration;
using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Infrastructure;

/// <summary>What a command's action works with: its parsed values, the gateway's clients and the output.</summary>
public sealed class CliContext(ParseResult parse, CancellationToken cancellation) : IDisposable
{
    private readonly Lazy<GrpcChannel> channel = new(() => GatewayChannel.Open(ConnectionSettings.Resolve(parse)));

    public ParseResult Parse { get; } = parse;

    public CancellationToken Cancellation { get; } = cancellation;

    public Printer Out { get; } = new(parse.GetValue(GlobalOptions.Json));

    public Lists.ListsClient Lists => new(channel.Value);

    public Records.RecordsClient Records => new(channel.Value);

    public Sync.SyncClient Sync => new(channel.Value);

    public Targets.TargetsClient Targets => new(channel.Value);

    public Passwords.PasswordsClient Passwords => new(channel.Value);

    public Admin.AdminClient Admin => new(channel.Value);

    /// <summary>Options of a single request/response call: bounded by --timeout.</summary>
    public CallOptions Call => new(deadline: DateTime.UtcNow + Parse.GetValue(GlobalOptions.Timeout),
        cancellationToken: Cancellation);

    /// <summary>Options of a stream (report, watch, backup): as long as it takes, until Ctrl-C.</summary>
    public CallOptions Stream => new(cancellationToken: Cancellation);

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public void Dispose()
    {
        if (channel.IsValueCreated)
        {
            channel.Value.Dispose();
        }
    }
}
