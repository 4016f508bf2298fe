using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace OmniRetail.BuildingBlocks.Persistence;

/// <summary>
/// <c>dotnet ef</c> for a service: the messaging library's tables are in the service's model (they commit in its
/// transactions) but excluded from its migrations, because the library creates and migrates them itself
/// (<c>MessagingSchema</c>). This keeps them out of the service's snapshots and migration designers as well, so seven
/// services do not each carry a copy of the library's schema. Every project with migrations references it (Directory.Build.props).
/// </summary>
public sealed class MessagingDesignTimeServices : IDesignTimeServices
{
    public void ConfigureDesignTimeServices(IServiceCollection services) =>
        services.AddSingleton<ICSharpSnapshotGenerator, SnapshotWithoutExcludedTables>();

    private sealed class SnapshotWithoutExcludedTables(CSharpSnapshotGeneratorDependencies dependencies) : CSharpSnapshotGenerator(dependencies)
    {
        protected override void GenerateEntityTypes(string modelBuilderName, IEnumerable<IEntityType> entityTypes, IndentedStringBuilder stringBuilder) =>
            base.GenerateEntityTypes(modelBuilderName, entityTypes.Where(entityType => !entityType.IsTableExcludedFromMigrations()).ToList(), stringBuilder);

        protected override void GenerateEntityTypeRelationships(string modelBuilderName, IEntityType entityType, IndentedStringBuilder stringBuilder)
        {
            if (!entityType.IsTableExcludedFromMigrations())
            {
                base.GenerateEntityTypeRelationships(modelBuilderName, entityType, stringBuilder);
            }
        }

        protected override void GenerateEntityTypeNavigations(string modelBuilderName, IEntityType entityType, IndentedStringBuilder stringBuilder)
        {
            if (!entityType.IsTableExcludedFromMigrations())
            {
                base.GenerateEntityTypeNavigations(modelBuilderName, entityType, stringBuilder);
            }
        }
    }
}
