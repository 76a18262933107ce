using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace PasswordSync.Cli.Output;

/// <summary>Protobuf's canonical JSON (as the gateway's HTTP API speaks it), one object per line.</summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor,
            PreconditionFailure.Descriptor, RetryInfo.Descriptor, ResourceInfo.Descriptor, Help.Descriptor,
            LocalizedMessage.Descriptor, QuotaFailure.Descriptor, DebugInfo.Descriptor, RequestInfo.Descriptor)));

    public static string Format(IMessage message) => Formatter.Format(message);
}
