using PasswordSync.Vault.Keyrings;

namespace PasswordSync.Vault.Tests.Crypto;

public sealed class KeyringCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pwsync-keyring-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private string KeyringPath => Path.Combine(_directory, "vault.keyring.json");

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        _output.Dispose();
        _error.Dispose();
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:5000")]
    [InlineData("create-keyring-please")]
    public void Arguments_that_are_not_a_key_ring_command_start_the_service(params string[] args) =>
        Assert.Null(KeyringCommands.TryRun(args));

    [Fact]
    public void Create_keyring_writes_an_owner_only_file_with_one_active_kek()
    {
        Assert.Equal(0, Run("create-keyring", KeyringPath));

        var keyring = KeyringFile.Read(KeyringPath);
        Assert.Equal(1, keyring.ActiveVersion);
        Assert.Equal<int>([1], keyring.Versions);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyringPath));
        }

        Assert.Contains("Vault__KeyringFile=", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(keyring.Keys.Single().Material), _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_keyring_refuses_to_overwrite_an_existing_file_and_leaves_it_unchanged()
    {
        Assert.Equal(0, Run("create-keyring", KeyringPath));
        var before = File.ReadAllText(KeyringPath);

        Assert.Equal(1, Run("create-keyring", KeyringPath));

        Assert.Equal(before, File.ReadAllText(KeyringPath));
        Assert.Contains("already exists", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_kek_adds_the_next_version_makes_it_active_and_keeps_the_old_one()
    {
        Run("create-keyring", KeyringPath);
        var original = KeyringFile.Read(KeyringPath).Keys.Single().Material;

        Assert.Equal(0, Run("add-kek", KeyringPath));
        Assert.Equal(0, Run("add-kek", KeyringPath));

        var keyring = KeyringFile.Read(KeyringPath);
        Assert.Equal(3, keyring.ActiveVersion);
        Assert.Equal<int>([1, 2, 3], keyring.Versions);
        Assert.Equal(original, keyring.Keys.First().Material);
        Assert.Equal(3, keyring.Keys.Select(k => Convert.ToBase64String(k.Material)).Distinct().Count());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyringPath));
        }

        Assert.Single(Directory.GetFiles(_directory)); // no temporary file left behind
    }

    [Fact]
    public void A_staged_kek_is_added_inactive_and_activated_later()
    {
        Run("create-keyring", KeyringPath);

        Assert.Equal(0, Run("add-kek", KeyringPath, "--inactive"));
        var staged = KeyringFile.Read(KeyringPath);
        Assert.Equal(1, staged.ActiveVersion);
        Assert.Equal<int>([1, 2], staged.Versions);
        Assert.Contains($"activate-kek {KeyringPath} 2", _output.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, Run("activate-kek", KeyringPath, "2"));
        var activated = KeyringFile.Read(KeyringPath);
        Assert.Equal(2, activated.ActiveVersion);
        Assert.Equal(staged.Keys.Select(k => k.Material), activated.Keys.Select(k => k.Material));
    }

    [Theory]
    [InlineData("7", "there is no KEK version 7")]
    [InlineData("0", "must be a positive integer")]
    public void Activating_an_unknown_version_is_refused_and_changes_nothing(string version, string expected)
    {
        Run("create-keyring", KeyringPath);
        var before = File.ReadAllText(KeyringPath);

        Assert.Equal(1, Run("activate-kek", KeyringPath, version));

        Assert.Equal(before, File.ReadAllText(KeyringPath));
        Assert.Contains(expected, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_kek_removes_an_inactive_version_and_never_reuses_its_number()
    {
        Run("create-keyring", KeyringPath);
        Run("add-kek", KeyringPath);

        Assert.Equal(0, Run("remove-kek", KeyringPath, "1"));
        Assert.Equal<int>([2], KeyringFile.Read(KeyringPath).Versions);

        Run("add-kek", KeyringPath);
        Assert.Equal<int>([2, 3], KeyringFile.Read(KeyringPath).Versions);
    }

    [Theory]
    [InlineData("2", "is the active one")]
    [InlineData("9", "there is no KEK version 9")]
    [InlineData("one", "positive integer")]
    public void Remove_kek_refuses_the_active_an_unknown_or_a_malformed_version_and_changes_nothing(string version,
        string expected)
    {
        Run("create-keyring", KeyringPath);
        Run("add-kek", KeyringPath);
        var before = File.ReadAllText(KeyringPath);

        Assert.Equal(1, Run("remove-kek", KeyringPath, version));

        Assert.Equal(before, File.ReadAllText(KeyringPath));
        Assert.Contains(expected, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_on_a_missing_file_say_how_to_create_one()
    {
        Assert.Equal(1, Run("add-kek", KeyringPath));
        Assert.Contains("create-keyring", _error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(KeyringPath));
    }

    [Fact]
    public void Commands_on_a_corrupt_file_fail_without_changing_it()
    {
        File.WriteAllText(KeyringPath, "{ not a key ring");

        Assert.Equal(1, Run("add-kek", KeyringPath));

        Assert.Equal("{ not a key ring", File.ReadAllText(KeyringPath));
        Assert.Contains("not valid JSON", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create-keyring")]
    [InlineData("remove-kek", "x.json")]
    [InlineData("add-kek", "a", "b")]
    [InlineData("activate-kek", "a")]
    public void Wrong_argument_count_prints_usage(params string[] args)
    {
        Assert.Equal(2, KeyringCommands.TryRun(args, _output, _error, TimeProvider.System));
        Assert.Contains("Usage:", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void List_keks_shows_versions_and_the_active_one_without_key_material()
    {
        Run("create-keyring", KeyringPath);
        Run("add-kek", KeyringPath);

        Assert.Equal(0, Run("list-keks", KeyringPath));

        var listing = _output.ToString();
        Assert.Contains("KEK version 1", listing, StringComparison.Ordinal);
        Assert.Contains("KEK version 2", listing, StringComparison.Ordinal);
        Assert.Contains("(active)", listing, StringComparison.Ordinal);
        foreach (var key in KeyringFile.Read(KeyringPath).Keys)
        {
            Assert.DoesNotContain(Convert.ToBase64String(key.Material), listing, StringComparison.Ordinal);
        }
    }

    private int Run(params string[] args) =>
        KeyringCommands.TryRun(args, _output, _error, TimeProvider.System) ?? throw new InvalidOperationException("not a command");
}
