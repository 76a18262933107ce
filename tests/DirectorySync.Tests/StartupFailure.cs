using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace PasswordSync.DirectorySync.Tests;

/// <summary>
/// The validation error that stops directory-sync from starting. WebApplicationFactory's deferred host races with an
/// app that fails while it starts (dotnet/aspnetcore#38335, #33494): under load the failure can surface as
/// ObjectDisposedException from the factory instead of the app's own exception. That race is the test framework's,
/// so the start is tried again with a new factory; what the test asserts is always the app's own exception, and a
/// start that succeeds fails the test.
/// </summary>
internal static class StartupFailure
{
    private const int Attempts = 5;

    public static async Task<OptionsValidationException> OfAsync(Func<WebApplicationFactory<Program>> createFactory)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var factory = createFactory();
            try
            {
                factory.CreateClient().Dispose();
            }
            catch (OptionsValidationException error)
            {
                return error;
            }
            catch (ObjectDisposedException) when (attempt < Attempts)
            {
                continue;
            }

            Assert.Fail("directory-sync started although its configuration is invalid.");
        }
    }
}
