using System.ComponentModel.DataAnnotations;
using PasswordSync.Gateway.Edge;

namespace PasswordSync.Gateway.Tests.Edge;

/// <summary>A wrong public-endpoint configuration fails start-up with a message naming the setting.</summary>
public sealed class PublicEndpointOptionsTests
{
    private static List<ValidationResult> Validate(PublicEndpointOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Validate(new PublicEndpointOptions()));

    [Theory]
    [InlineData("localhost")]
    [InlineData("*")]
    [InlineData("::1")]
    [InlineData("127.0.0.1")]
    public void Listen_addresses_that_kestrel_can_bind_are_accepted(string address) =>
        Assert.Empty(Validate(new PublicEndpointOptions { ListenAddress = address }));

    [Fact]
    public void A_listen_address_that_is_not_an_address_is_refused_by_name()
    {
        var result = Assert.Single(Validate(new PublicEndpointOptions { ListenAddress = "gateway.example" }));

        Assert.Contains("Gateway:Public:ListenAddress", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_its_certificate_is_refused_by_name()
    {
        var result = Assert.Single(Validate(new PublicEndpointOptions { KeyPath = "/etc/key.pem" }));

        Assert.Contains("Gateway:Public:CertificatePath", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void A_port_out_of_range_is_refused(int port) =>
        Assert.Contains(Validate(new PublicEndpointOptions { Port = port }),
            result => result.MemberNames.Contains(nameof(PublicEndpointOptions.Port)));
}
