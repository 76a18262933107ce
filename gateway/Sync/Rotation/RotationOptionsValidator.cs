using Microsoft.Extensions.Options;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// Refuses to start with a lease that is not comfortably longer than the apply deadline: lease ≥ 2 × apply deadline +
/// 10 s. Twice, because a reset that directory-sync reports as unsupported falls back to a change under a second
/// deadline; the 10 s cover the vault calls around them and clock skew between the gateway and the vault.
/// </summary>
internal sealed class RotationOptionsValidator : IValidateOptions<RotationOptions>
{
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, RotationOptions options)
    {
        var failures = new List<string>();
        if (options.ApplyDeadline <= TimeSpan.Zero)
        {
            failures.Add($"{RotationOptions.ApplyDeadlineKey} must be positive (it is {options.ApplyDeadline}).");
        }

        if (options.RotationLease < TimeSpan.FromSeconds(1) || options.RotationLease > TimeSpan.FromHours(1))
        {
            failures.Add($"{RotationOptions.LeaseKey} must be between 1 second and 1 hour (the vault's limits); it is {options.RotationLease}.");
        }

        if (options.VaultCallTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{RotationOptions.Section}:{nameof(RotationOptions.VaultCallTimeout)} must be positive.");
        }

        var minimumLease = (2 * options.ApplyDeadline) + Margin;
        if (options.RotationLease < minimumLease)
        {
            failures.Add(
                $"{RotationOptions.LeaseKey} ({options.RotationLease}) must be at least twice "
                + $"{RotationOptions.ApplyDeadlineKey} ({options.ApplyDeadline}) plus {Margin.TotalSeconds:0} s, i.e. "
                + $"{minimumLease} or more: otherwise the reconciler could abort a rotation whose directory write is "
                + "still in flight. Raise the lease or shorten the apply deadline.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
