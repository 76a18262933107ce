namespace PasswordSync.Benchmarks.Reporting;

/// <summary>
/// One line of the results table: a measured figure, what it is compared with, the ratio, the target and
/// whether it was met (null when the row has no target of its own).
/// </summary>
internal sealed record ResultRow(
    string Section,
    string Measure,
    string Value,
    string Baseline = "",
    double? Ratio = null,
    string Target = "",
    bool? Met = null,
    string Note = "")
{
    public string Verdict => Met switch { true => "PASS", false => "MISS", null => "" };

    /// <summary>A ratio row with a minimum target.</summary>
    public static ResultRow AtLeast(string section, string measure, string value, string baseline, double ratio,
        double target, string note = "") =>
        new(section, measure, value, baseline, ratio, $"≥ {target:0.##}", ratio >= target, note);
}
