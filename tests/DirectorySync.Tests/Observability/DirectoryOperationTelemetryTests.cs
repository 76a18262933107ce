using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Telemetry;

namespace PasswordSync.DirectorySync.Tests.Observability;

/// <summary>
/// One directory operation is one latency measurement tagged with the target's id and kind, the operation, the server
/// and its outcome (a reason code), and never with the target's privileged password or the failure's message.
/// </summary>
public sealed class DirectoryOperationTelemetryTests
{
    [Fact]
    public void A_failed_operation_is_measured_with_its_reason_code_and_no_secret_or_message()
    {
        using var recorder = new MeasurementRecorder(DirectoryTelemetry.Name);
        var targetId = $"target-{Guid.NewGuid():N}";
        const string privilegedPassword = "Privileged-Secret-7f3a!";
        const string message = "The directory refused the password: Quoted-Input-91c2";
        var target = new DirectoryTarget(targetId, DirectoryKind.ActiveDirectory, [], "DC=example,DC=test",
            "Administrator", new Secret(privilegedPassword), null, false, false, false, null, TimeSpan.FromSeconds(5));

        using (var operation = DirectoryOperationScope.Start(target, "reset", "dc1.example.test:636"))
        {
            Assert.True(operation.Failed(new DirectoryException(FailureClass.Policy, Reason.PasswordPolicy, message)));
        }

        var measured = Assert.Single(recorder.Measurements, m => m.Tags.GetValueOrDefault("passwordsync.target.id") == targetId);
        Assert.Equal(DirectoryTelemetry.OperationDurationName, measured.Instrument);
        Assert.Equal("ActiveDirectory", measured.Tags["passwordsync.target.kind"]);
        Assert.Equal("reset", measured.Tags["passwordsync.directory.operation"]);
        Assert.Equal("dc1.example.test:636", measured.Tags["server.address"]);
        Assert.Equal("PASSWORD_POLICY", measured.Tags["passwordsync.outcome"]);
        Assert.True(measured.Value >= 0);
        Assert.DoesNotContain(measured.Tags.Values, v => v.Contains(privilegedPassword, StringComparison.Ordinal)
            || v.Contains("Quoted-Input", StringComparison.Ordinal));
    }

    [Fact]
    public void A_successful_operation_is_measured_as_ok()
    {
        using var recorder = new MeasurementRecorder(DirectoryTelemetry.Name);
        var targetId = $"target-{Guid.NewGuid():N}";
        var target = new DirectoryTarget(targetId, DirectoryKind.Ldap, [], "dc=example,dc=test", "cn=admin",
            new Secret("x"), null, false, false, false, null, TimeSpan.FromSeconds(5));

        using (var operation = DirectoryOperationScope.Start(target, "verify", "ldap.example.test:636"))
        {
            operation.Succeeded();
        }

        var measured = Assert.Single(recorder.Measurements, m => m.Tags.GetValueOrDefault("passwordsync.target.id") == targetId);
        Assert.Equal("ok", measured.Tags["passwordsync.outcome"]);
        Assert.Equal("Ldap", measured.Tags["passwordsync.target.kind"]);
    }
}
