using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>
/// What start-up does without a reachable MongoDB (the situation on these machines): a clear error naming what to
/// check, quickly, and never the connection string's password.
/// </summary>
public sealed class UnreachableServerTests
{
    private const string Password = "S3cret-Pa55-in-connection-string";

    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    private const string Unreachable =
        $"mongodb://vault:{Password}@127.0.0.1:1/?replicaSet=rs0&serverSelectionTimeoutMS=300&connectTimeoutMS=300";

    [Fact]
    public async Task Initialize_without_a_server_fails_clearly_without_leaking_the_password()
    {
        var services = new ServiceCollection().AddMongoVaultStore(Unreachable, "passwordsync_test");
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IVaultStore>();
        Assert.IsType<MongoVaultStore>(store);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.InitializeAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MongoDB did not answer", error.Message);
        Assert.DoesNotContain(Password, error.ToString());
    }

    [Theory]
    [InlineData($"mongodb//vault:{Password}@127.0.0.1/")]
    [InlineData($"mongodb://vault:{Password}@127.0.0.1:notaport/")]
    [InlineData($"mongodb://vault:{Password}@127.0.0.1/?connectTimeoutMS=banana")]
    public void A_malformed_connection_string_fails_at_registration_without_echoing_it(string malformed)
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddMongoVaultStore(malformed, "db"));

        Assert.Contains("connection string is not valid", error.Message);
        Assert.DoesNotContain(Password, error.ToString());
    }

    [Theory]
    [InlineData("", "db")]
    [InlineData("mongodb://127.0.0.1", " ")]
    public void Missing_settings_are_refused(string connectionString, string database) =>
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddMongoVaultStore(connectionString, database));

    [Fact]
    public void Registration_wires_a_client_with_command_text_off_and_initialises_at_start_up()
    {
        var services = new ServiceCollection().AddMongoVaultStore("mongodb://127.0.0.1:1/?replicaSet=rs0", "db");
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IMongoClient>();

        Assert.Equal(0, client.Settings.TracingOptions.QueryTextMaxLength);
        Assert.Null(client.Settings.LoggingSettings);
        Assert.Single(provider.GetServices<IHostedService>());
    }
}
