using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OmniRetail.BuildingBlocks.Tests.Foundation;

public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options)
{
    public const string InitialMigration = "20260101000000_Initial";
}

[DbContext(typeof(ProbeDbContext))]
[Migration(ProbeDbContext.InitialMigration)]
public sealed class ProbeInitialMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable("probes", table => new { Id = table.Column<Guid>() }, constraints: table => table.PrimaryKey("pk_probes", p => p.Id));
}
