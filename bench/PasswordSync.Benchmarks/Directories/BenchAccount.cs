namespace PasswordSync.Benchmarks.Directories;

/// <summary>
/// One account the benchmark made: its name as records carry it, its DN, the name it binds with, and the password
/// the directory holds now as far as the harness knows (updated after each raw reset or rotation).
/// </summary>
internal sealed class BenchAccount(string userName, string dn, string bindName, string password)
{
    public string UserName { get; } = userName;

    public string Dn { get; } = dn;

    public string BindName { get; } = bindName;

    public string Password { get; set; } = password;
}
