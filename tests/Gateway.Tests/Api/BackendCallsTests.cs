using Grpc.Core;
using PasswordSync.Gateway.Api;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Tests.Api;

/// <summary>Backend failures pass through unchanged except for field names, which become the public ones.</summary>
public sealed class BackendCallsTests
{
    private static readonly FieldNames Names = new(("record.id", "record_id"), ("record.generic_values", "record.generic_fields"), ("id", "record_id"));

    [Fact]
    public void Field_violations_and_the_message_use_public_names_and_keep_status_and_reason()
    {
        var vault = RpcErrors.InvalidArgument([
            new FieldViolation("record.id", "is required."),
            new FieldViolation("record.generic_values.generic1", "contains a control character."),
            new FieldViolation("identity", "is unrelated and keeps its name."),
        ]);

        var translated = BackendCalls.Translate(vault, Names);

        Assert.Equal(StatusCode.InvalidArgument, translated.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", translated.GetReason());
        Assert.Equal(["record_id", "record.generic_fields.generic1", "identity"], translated.GetViolatedFields());
        Assert.Equal("Invalid request: record_id: is required.; record.generic_fields.generic1: contains a control "
            + "character.; identity: is unrelated and keeps its name.", translated.Status.Detail);
    }

    [Fact]
    public void Other_failures_keep_code_reason_and_message()
    {
        var vault = RpcErrors.VersionConflict("Record", "r1");

        var translated = BackendCalls.Translate(vault, Names);

        Assert.Equal(StatusCode.Aborted, translated.StatusCode);
        Assert.Equal("VERSION_CONFLICT", translated.GetReason());
        Assert.Equal(vault.Status.Detail, translated.Status.Detail);
    }

    [Fact]
    public void A_failure_without_details_keeps_its_code_and_text_only()
    {
        var unreachable = new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel."),
            new Metadata { { "x-internal", "not for callers" } });

        var translated = BackendCalls.Translate(unreachable, Names);

        Assert.Equal(StatusCode.Unavailable, translated.StatusCode);
        Assert.Equal("Error connecting to subchannel.", translated.Status.Detail);
        Assert.Empty(translated.Trailers);
        Assert.Null(translated.GetReason());
    }
}
