using PasswordSync.Gateway.Tests.Observability.Otlp;
using SpanKind = PasswordSync.Gateway.Tests.Observability.Otlp.Trace.Span.Types.SpanKind;

namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>
/// The spans of one save and sync, as the three services exported them: the gateway's server span, then the vault's
/// BeginRotation, directory-sync's ResetPassword and the vault's CommitRotation server spans, each a child of a
/// gateway span (the gRPC client span that carried traceparent), in that order.
/// </summary>
public sealed record TraceChain(ReceivedSpan GatewayServer, ReceivedSpan Begin, ReceivedSpan Reset, ReceivedSpan Commit)
{
    /// <summary>The chain in <paramref name="trace"/>, or null while some link has not arrived (or is not linked).</summary>
    public static TraceChain? Find(IReadOnlyCollection<ReceivedSpan> trace)
    {
        var gatewaySpanIds = trace.Where(s => s.Service == ServiceNames.Gateway).Select(s => s.SpanId).ToHashSet();
        var gatewayServer = trace.FirstOrDefault(s => s.Service == ServiceNames.Gateway && s.Span.Kind == SpanKind.Server);
        var begin = ServerSpanCalledByGateway(trace, gatewaySpanIds, ServiceNames.Vault, "RotationJournal/BeginRotation");
        var reset = ServerSpanCalledByGateway(trace, gatewaySpanIds, ServiceNames.DirectorySync,
            "DirectorySync/ResetPassword");
        var commit = ServerSpanCalledByGateway(trace, gatewaySpanIds, ServiceNames.Vault,
            "RotationJournal/CommitRotation");
        return gatewayServer is null || begin is null || reset is null || commit is null
            ? null
            : new TraceChain(gatewayServer, begin, reset, commit);
    }

    public static string Describe(IReadOnlyCollection<ReceivedSpan>? trace) =>
        trace is null || trace.Count == 0 ? "no span of this trace" : string.Join("\n", trace);

    private static ReceivedSpan? ServerSpanCalledByGateway(IEnumerable<ReceivedSpan> trace,
        HashSet<string> gatewaySpanIds, string service, string method) =>
        trace.FirstOrDefault(s => s.Service == service && s.Span.Kind == SpanKind.Server
            && s.Span.Name.Contains(method, StringComparison.Ordinal) && gatewaySpanIds.Contains(s.ParentSpanId));
}
