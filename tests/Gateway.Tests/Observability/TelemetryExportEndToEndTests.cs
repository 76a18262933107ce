using System.Diagnostics;
using System.Text.Json.Nodes;
using PasswordSync.Gateway.Tests.EndToEnd.Harness;
using PasswordSync.Gateway.Tests.Observability.Otlp;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>
/// OpenTelemetry from the three real processes to a collector (<see cref="OtlpReceiver"/>), around a save and sync
/// against the real Samba DC: one trace crosses gateway → vault → directory-sync → vault, the rotation and directory
/// metrics and the logs arrive, health probes stay out of traces and logs, and no byte sent to the collector holds a
/// password or the API key.
/// </summary>
[Collection(EndToEndSequence.Name)]
public sealed class TelemetryExportEndToEndTests(TelemetrySuite suite)
    : EndToEndTest<TelemetrySuite>(suite), IClassFixture<TelemetrySuite>
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_save_and_sync_is_one_trace_across_the_three_services_with_its_metrics_and_logs_and_no_secret()
    {
        var dc = DomainController.Shared();
        await using var accounts = new AdAccounts(dc);
        using var api = new ApiScenario(Suite);
        var account = (await accounts.CreateAsync(1))[0];
        var targetId = await api.RegisterDirectoryAsync(dc);
        var listId = await api.CreateReadyListAsync($"otel save and sync {accounts.RunId}");
        var record = await api.AddRecordAsync(listId, dc, account.SamAccountName, account.InitialPassword);

        // Probes first: if they were traced or logged, their spans and lines would be exported before the save's.
        await HealthProbing.ProbeAllAsync(Suite);

        // The caller starts the trace (W3C traceparent), so its id is known and the gateway must continue it.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var http = Suite.Http();
        http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var newPassword = accounts.NewPassword();
        var outcome = await JsonApi.PostAsync(http, $"/v1/records/{record.Id}:saveAndSync",
            new JsonObject { ["version"] = record.Version, ["newPassword"] = newPassword });
        Assert.True((bool?)outcome["vaultUpdated"] == true && (bool?)outcome["directoryUpdated"] == true,
            $"Save and sync answered {outcome}");

        // A check of the stored (now new) password: its own span and counter.
        var check = await api.Sync.CheckRecordPasswordAsync(new CheckRecordPasswordRequest { RecordId = record.Id },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(CheckStatus.InSync, check.Status);

        var received = Suite.Receiver.Received;
        var trace = await Eventually.UntilAsync("the save and sync's spans from gateway, vault and directory-sync",
            () => Task.FromResult<IReadOnlyCollection<ReceivedSpan>>(
                received.Spans.Where(s => s.TraceId == traceId).ToList()),
            spans => TraceChain.Find(spans) is not null, ExportWait, TraceChain.Describe, Suite.Diagnostics);
        var chain = TraceChain.Find(trace)!;
        Assert.True(chain.Begin.Span.StartTimeUnixNano < chain.Reset.Span.StartTimeUnixNano
            && chain.Reset.Span.StartTimeUnixNano < chain.Commit.Span.StartTimeUnixNano,
            $"Begin, reset and commit are out of order:\n{TraceChain.Describe(trace)}");
        Assert.Equal(ServiceNames.All.Order(), trace.Select(s => s.Service).Distinct().Order());

        // Our own spans: the gateway's rotation (committed) and directory-sync's reset on the DC, inside the trace.
        var rotation = Assert.Single(trace, s => s.Scope == "PasswordSync.Gateway" && s.Span.Name == "rotation");
        Assert.Equal("committed", rotation.Attributes.GetValueOrDefault("passwordsync.outcome"));
        Assert.Equal(record.Id, rotation.Attributes.GetValueOrDefault("passwordsync.record.id"));
        Assert.Contains(trace, s => s.Scope == "PasswordSync.DirectorySync" && s.Span.Name == "directory reset"
            && s.ParentSpanId == chain.Reset.SpanId && s.Attributes.GetValueOrDefault("passwordsync.target.id") == targetId);

        // The vault exported over OTLP/HTTP (protobuf), the others over OTLP/gRPC: OTEL_EXPORTER_OTLP_PROTOCOL is read.
        Assert.All(trace.Where(s => s.Service == ServiceNames.Vault), s => Assert.Equal(OtlpProtocol.HttpProtobuf, s.Protocol));
        Assert.All(trace.Where(s => s.Service != ServiceNames.Vault), s => Assert.Equal(OtlpProtocol.Grpc, s.Protocol));

        await Eventually.UntilAsync("the rotation, check, journal, directory latency and Polly metrics",
            () => Task.FromResult(received.DataPoints),
            points => points.Any(p => p.Service == ServiceNames.Gateway && p.Metric == "passwordsync.rotations"
                          && p.Attributes.GetValueOrDefault("passwordsync.outcome") == "committed"
                          && p.Attributes.GetValueOrDefault("passwordsync.reason") == "none" && p.Value >= 1)
                      && points.Any(p => p.Service == ServiceNames.Gateway && p.Metric == "passwordsync.checks"
                          && p.Attributes.GetValueOrDefault("passwordsync.status") == "InSync")
                      && points.Any(p => p.Service == ServiceNames.Vault && p.Protocol == OtlpProtocol.HttpProtobuf
                          && p.Metric == "passwordsync.vault.rotation_journal.transitions"
                          && p.Attributes.GetValueOrDefault("passwordsync.rotation.transition") == "committed")
                      && points.Any(p => p.Service == ServiceNames.DirectorySync
                          && p.Metric == "passwordsync.directory.operation.duration"
                          && p.Attributes.GetValueOrDefault("passwordsync.target.id") == targetId
                          && p.Attributes.GetValueOrDefault("passwordsync.target.kind") == "ActiveDirectory"
                          && p.Attributes.GetValueOrDefault("passwordsync.directory.operation") == "reset"
                          && p.Attributes.GetValueOrDefault("passwordsync.outcome") == "ok")
                      && points.Any(p => p.Service == ServiceNames.DirectorySync
                          && p.Metric.StartsWith("resilience.polly.", StringComparison.Ordinal)),
            ExportWait, points => string.Join("\n", (points ?? []).Select(p => $"{p.Service} {p.Metric}").Distinct()),
            Suite.Diagnostics);

        await Eventually.UntilAsync("the check's span",
            () => Task.FromResult(received.Spans),
            spans => spans.Any(s => s.Service == ServiceNames.Gateway && s.Span.Name == "check password"
                && s.Attributes.GetValueOrDefault("passwordsync.status") == "InSync"
                && s.Attributes.GetValueOrDefault("passwordsync.target.id") == targetId),
            ExportWait, spans => string.Join("\n", (spans ?? []).Select(s => s.Span.Name).Distinct()), Suite.Diagnostics);

        var logs = await Eventually.UntilAsync("log records from the three services, the commit among them",
            () => Task.FromResult(received.Logs),
            all => ServiceNames.All.All(service => all.Any(l => l.Service == service))
                   && all.Any(l => l.Service == ServiceNames.Gateway && l.Body.Contains(record.Id, StringComparison.Ordinal)
                       && l.Body.Contains("committed", StringComparison.Ordinal)),
            ExportWait, all => string.Join("\n", (all ?? []).TakeLast(40).Select(l => $"{l.Service}: {l.Body}")),
            Suite.Diagnostics);
        // Formatted messages only: no structured state (attributes) that a caller's object could fill with a secret.
        Assert.All(logs, log => Assert.Empty(log.Record.Attributes));

        // Health probes were neither traced nor logged.
        Assert.DoesNotContain(received.Spans, s => IsHealthProbe(s.Span.Name)
            || IsHealthProbe(s.Attributes.GetValueOrDefault("url.path") ?? ""));
        Assert.DoesNotContain(received.Logs, l => IsHealthProbe(l.Body));

        ExportedSecrets.AssertNoneIn(received,
            api.Secrets.Concat(accounts.Passwords).Concat([newPassword, account.InitialPassword, dc.AdminPassword,
                Suite.AdminKey]));
        Suite.AssertNoSecretLeaked(api.Secrets.Concat(accounts.Passwords));
    }

    private static bool IsHealthProbe(string text) =>
        text.Contains("/health", StringComparison.Ordinal) || text.Contains("grpc.health.v1", StringComparison.Ordinal);
}
