using OmniRetail.ChannelConnector.Outbound;

namespace OmniRetail.ChannelConnector.Tests.Outbound;

public sealed class ExposureRuleTests
{
    [Theory]
    // available, percent, buffer, min, max, lowStockThreshold → ats
    [InlineData(100, 100, 0, null, null, null, 100)]
    [InlineData(100, 50, 0, null, null, null, 50)]
    [InlineData(7, 50, 0, null, null, null, 3)] // floor(3.5)
    [InlineData(100, 50, 5, null, null, null, 45)]
    [InlineData(100, 100, 0, null, 30, null, 30)]
    [InlineData(10, 10, 0, 5, null, null, 5)] // floor(1) raised to the minimum
    [InlineData(3, 10, 0, 5, null, null, 3)] // the minimum never shows more than there is
    [InlineData(4, 100, 10, null, null, null, 0)] // the buffer never takes it below 0
    [InlineData(5, 100, 0, null, null, 5, 0)] // at the low-stock threshold: nothing
    [InlineData(6, 100, 0, null, null, 5, 6)]
    [InlineData(0, 100, 0, 5, null, null, 0)]
    [InlineData(-2, 100, 0, null, null, null, 0)]
    [InlineData(100, 0, 0, null, null, null, 0)]
    public void Available_to_sell_follows_the_formula(int available, int percent, int buffer, int? min, int? max, int? threshold, int expected) =>
        new ExposureRule { Percent = percent, BufferUnits = buffer, MinUnits = min, MaxUnits = max, LowStockThreshold = threshold }
            .AvailableToSell(available).ShouldBe(expected);

    [Fact]
    public void A_skus_override_replaces_only_the_fields_it_gives()
    {
        var channel = new ExposureRule { Percent = 50, BufferUnits = 2, MaxUnits = 40 };

        var rule = channel.With(new ExposureOverride(Percent: 80, BufferUnits: null, MinUnits: null, MaxUnits: null, LowStockThreshold: 3));

        rule.ShouldBe(new ExposureRule { Percent = 80, BufferUnits = 2, MaxUnits = 40, LowStockThreshold = 3 });
        rule.AvailableToSell(20).ShouldBe(14); // floor(16) − 2
    }
}
