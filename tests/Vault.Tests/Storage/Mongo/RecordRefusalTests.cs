using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>When a guarded update matches nothing, the record as it is decides which refusal the caller gets.</summary>
public sealed class RecordRefusalTests
{
    private static RecordDocument Live(long version = 3, string? pendingRotation = null, string owner = "gw-1") => new()
    {
        Id = "r1",
        Version = version,
        Pending = pendingRotation is null ? null : new PendingDocument { RotationId = pendingRotation, Owner = owner },
    };

    [Fact]
    public void A_missing_or_deleted_record_is_not_found()
    {
        Assert.Equal(StoreError.NotFound, RecordRefusals.ForEdit(null, "r1", 3, refusesPending: true).Error);
        var deleted = Live();
        deleted.DeletedAt = DateTime.UtcNow;
        Assert.Equal(StoreError.NotFound, RecordRefusals.ForEdit(deleted, "r1", 3, refusesPending: false).Error);
        Assert.Equal(StoreError.NotFound, RecordRefusals.ForBegin(deleted, "r1").Error);
    }

    [Fact]
    public void A_stale_version_is_a_conflict_naming_both_versions()
    {
        var refusal = RecordRefusals.ForEdit(Live(version: 5), "r1", 4, refusesPending: false);

        Assert.Equal(StoreError.VersionConflict, refusal.Error);
        Assert.Contains("version 5, not 4", refusal.Message);
    }

    [Fact]
    public void A_password_edit_during_a_rotation_is_refused_as_rotation_pending()
    {
        Assert.Equal(StoreError.RotationPending,
            RecordRefusals.ForEdit(Live(pendingRotation: "rot-1"), "r1", 3, refusesPending: true).Error);
        Assert.Equal(StoreError.RotationPending, RecordRefusals.ForBegin(Live(pendingRotation: "rot-1"), "r1").Error);
    }

    [Fact]
    public void Finishing_someone_elses_rotation_is_a_mismatch()
    {
        Assert.Equal(StoreError.RotationMismatch,
            RecordRefusals.ForRotation(Live(pendingRotation: "rot-2"), "r1", "rot-1").Error);
        Assert.Equal(StoreError.RotationMismatch, RecordRefusals.ForRotation(Live(), "r1", "rot-1").Error);
        Assert.Equal(StoreError.NotFound, RecordRefusals.ForRotation(null, "r1", "rot-1").Error);
    }

    [Fact]
    public void Renewing_a_lease_held_by_another_owner_is_refused_as_lease_held()
    {
        Assert.Equal(StoreError.LeaseHeld,
            RecordRefusals.ForRenewal(Live(pendingRotation: "rot-1", owner: "reconciler"), "r1", "rot-1", "gw-1").Error);
        Assert.Equal(StoreError.RotationMismatch,
            RecordRefusals.ForRenewal(Live(pendingRotation: "rot-2"), "r1", "rot-1", "gw-1").Error);
    }

    [Fact]
    public void Restore_distinguishes_not_deleted_too_late_and_stale()
    {
        var since = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(StoreError.NotFound, RecordRefusals.ForRestore(Live(), "r1", 3, since).Error);

        var tooOld = Live();
        tooOld.DeletedAt = since.UtcDateTime.AddDays(-1);
        Assert.Equal(StoreError.InvalidState, RecordRefusals.ForRestore(tooOld, "r1", 3, since).Error);

        var recent = Live(version: 4);
        recent.DeletedAt = since.UtcDateTime.AddDays(1);
        Assert.Equal(StoreError.VersionConflict, RecordRefusals.ForRestore(recent, "r1", 3, since).Error);
    }
}
