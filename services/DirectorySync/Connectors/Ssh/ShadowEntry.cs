using System.Globalization;

namespace PasswordSync.DirectorySync.Connectors.Ssh;

/// <summary>
/// One /etc/shadow line (from <c>getent shadow</c>): name:hash:lastchg:min:max:warn:inactive:expire:. Only the fields
/// PasswordSync needs are kept; the hash is reduced to "locked or not" and never stored.
/// </summary>
internal sealed record ShadowEntry(bool Locked, string? LastChangeDay, int? MaxDays, int? ExpireDay)
{
    private const int NoMaximum = 99999;

    public static ShadowEntry? Parse(string line)
    {
        var fields = line.Trim().Split(':');
        if (fields.Length < 8)
        {
            return null;
        }

        return new ShadowEntry(
            Locked: fields[1].StartsWith('!'),
            LastChangeDay: fields[2].Length == 0 ? null : fields[2],
            MaxDays: Number(fields[4]),
            ExpireDay: Number(fields[7]));
    }

    /// <summary>passwd -e (or a new account with chage -d 0) sets the last change to day 0: change at next login.</summary>
    public bool MustChange => LastChangeDay == "0";

    public DateTimeOffset? PasswordExpires => MaxDays is > 0 and < NoMaximum && Number(LastChangeDay) is { } day
        ? DateTimeOffset.UnixEpoch.AddDays(day + MaxDays.Value)
        : null;

    public DateTimeOffset? AccountExpires => ExpireDay is { } day ? DateTimeOffset.UnixEpoch.AddDays(day) : null;

    private static int? Number(string? field) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
