using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DivideMapper.Data.Migrations
{
    /// <inheritdoc />
    public partial class PopulationRole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_dataset_role",
                table: "dataset");

            migrationBuilder.CreateTable(
                name: "population",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    dataset_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    people = table.Column<double>(type: "double precision", nullable: false),
                    floors = table.Column<double>(type: "double precision", nullable: true),
                    geom = table.Column<Geometry>(type: "geometry(Geometry,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_population", x => new { x.project_id, x.id });
                    table.CheckConstraint("ck_population_kind", "kind IN ('cell','area','point','building')");
                    table.CheckConstraint("ck_population_people", "people >= 0");
                    table.ForeignKey(
                        name: "fk_population_dataset_project_id_dataset_id",
                        columns: x => new { x.project_id, x.dataset_id },
                        principalTable: "dataset",
                        principalColumns: new[] { "project_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_dataset_role",
                table: "dataset",
                sql: "role IN ('settlements','coverage','sites','measurements','facilities','population')");

            migrationBuilder.CreateIndex(
                name: "ix_population_geom",
                table: "population",
                column: "geom")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_population_project_id_dataset_id",
                table: "population",
                columns: new[] { "project_id", "dataset_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "population");

            migrationBuilder.DropCheckConstraint(
                name: "ck_dataset_role",
                table: "dataset");

            migrationBuilder.AddCheckConstraint(
                name: "ck_dataset_role",
                table: "dataset",
                sql: "role IN ('settlements','coverage','sites','measurements','facilities')");
        }
    }
}
