using OmniRetail.Catalog.Categories;
using OmniRetail.Catalog.Products;

namespace OmniRetail.Catalog.Tests.Pricing;

public sealed class CatalogRulesTests
{
    [Theory]
    [InlineData("4006381333931", true)]
    [InlineData("4006381333932", false)]
    [InlineData("96385074", true)]
    [InlineData("036000291452", true)]
    [InlineData("10012345678902", true)]
    [InlineData("400638133393", false)]
    [InlineData("40063813339A1", false)]
    public void A_gtin_is_valid_only_with_its_gs1_check_digit(string gtin, bool valid) => Gtins.IsValid(gtin).ShouldBe(valid);

    [Fact]
    public void A_category_belongs_to_everything_above_it_and_holds_everything_below_it()
    {
        var tree = new CategoryTree([
            new Category { Code = "APPAREL", Name = "Apparel" },
            new Category { Code = "TOPS", Name = "Tops", ParentCode = "APPAREL" },
            new Category { Code = "TEES", Name = "T-shirts", ParentCode = "TOPS" },
            new Category { Code = "HOME", Name = "Home" },
        ]);

        tree.SelfAndAncestors("TEES").ShouldBe(["TEES", "TOPS", "APPAREL"]);
        tree.SelfAndDescendants("APPAREL").ShouldBe(["APPAREL", "TOPS", "TEES"], ignoreOrder: true);
        tree.Closure(["TEES", "HOME"]).ShouldBe(["TEES", "TOPS", "APPAREL", "HOME"], ignoreOrder: true);
    }
}
