namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>A test account made in the DC by <see cref="AdAccounts"/>, with the password it was created with.</summary>
public sealed record AdAccount(string SamAccountName, string Dn, string UserPrincipalName, string InitialPassword);
