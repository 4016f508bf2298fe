using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ChannelConnector.Outbound;

namespace OmniRetail.ChannelConnector.Tests.Outbound;

public sealed class OutboundSettingsTests
{
    private static readonly OutboundUrlRule Production = new(development: false, allowedHosts: ["shop.internal.example"]);

    [Theory]
    [InlineData("https://acme.myshopify.com", null)]
    [InlineData("http://203.0.113.7:8080/hook", null)]
    [InlineData("https://shop.internal.example/api", null)] // allow-listed
    [InlineData("ftp://acme.example", "absolute http or https")]
    [InlineData("acme.example/hook", "absolute http or https")]
    [InlineData("http://localhost:5000", "loopback")]
    [InlineData("http://api.localhost", "loopback")]
    [InlineData("http://127.0.0.1", "loopback")]
    [InlineData("http://10.1.2.3", "private")]
    [InlineData("http://172.20.0.1", "private")]
    [InlineData("http://192.168.1.10", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("http://[::1]/", "loopback")]
    [InlineData("http://[fd00::1]/", "private")]
    [InlineData("http://[fe80::1]/", "link-local")]
    [InlineData("http://[::ffff:10.0.0.1]/", "private")]
    public void Outside_development_only_public_http_urls_or_allow_listed_hosts_are_accepted(string url, string? refusal)
    {
        var answer = Production.Refusal(url);

        if (refusal is null)
        {
            answer.ShouldBeNull();
        }
        else
        {
            answer.ShouldNotBeNull().ShouldContain(refusal);
        }
    }

    [Fact]
    public void In_development_a_local_stand_in_for_a_channel_is_fine_but_the_scheme_still_matters()
    {
        var development = new OutboundUrlRule(development: true, allowedHosts: []);

        development.Refusal("http://127.0.0.1:5099/hook").ShouldBeNull();
        development.Refusal("file:///etc/passwd").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("shopify", "https://acme.myshopify.com", "token", null, null, null, new string[0])]
    [InlineData("shopify", "https://acme.myshopify.com", null, null, null, null, new[] { "accessToken" })]
    [InlineData("woocommerce", "https://shop.example", null, "ck", null, null, new[] { "consumerSecret" })]
    [InlineData("generic", null, null, null, null, "https://hooks.example/omni", new string[0])]
    [InlineData("generic", "https://shop.example", null, null, null, "https://hooks.example/omni", new[] { "apiBaseUrl" })]
    [InlineData("store", null, null, null, null, "https://hooks.example/omni", new[] { "callbackUrl" })]
    public void Each_kind_needs_its_own_fields_and_no_others(
        string kind, string? apiBaseUrl, string? accessToken, string? consumerKey, string? consumerSecret, string? callbackUrl, string[] wrongFields)
    {
        var errors = new InputErrors();

        new OutboundSettings(apiBaseUrl, accessToken, consumerKey, consumerSecret, callbackUrl).Check(kind, Production, errors);

        errors.Fields.ShouldBe(wrongFields, ignoreOrder: true);
    }
}
