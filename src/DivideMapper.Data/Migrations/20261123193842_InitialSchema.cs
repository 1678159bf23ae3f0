using System;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DivideMapper.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "project",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    slug = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    metric_srid = table.Column<int>(type: "integer", nullable: true),
                    min_devices = table.Column<int>(type: "integer", nullable: false, defaultValue: 10),
                    min_tests = table.Column<int>(type: "integer", nullable: false, defaultValue: 20),
                    attribution = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_project", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dataset",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    role = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    source_file = table.Column<string>(type: "text", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_crs = table.Column<string>(type: "text", nullable: true),
                    feature_count = table.Column<int>(type: "integer", nullable: false),
                    report = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    period = table.Column<string>(type: "text", nullable: true),
                    licence = table.Column<string>(type: "text", nullable: true),
                    attribution = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dataset", x => x.id);
                    table.CheckConstraint("ck_dataset_role", "role IN ('settlements','coverage','sites','measurements','facilities')");
                    table.ForeignKey(
                        name: "fk_dataset_project_project_id",
                        column: x => x.project_id,
                        principalTable: "project",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "run",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    profile_id = table.Column<string>(type: "text", nullable: false),
                    profile = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    dataset_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    parameters = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    summary = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    period = table.Column<string>(type: "text", nullable: true),
                    metric_srid = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    app_version = table.Column<string>(type: "text", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run", x => x.id);
                    table.CheckConstraint("ck_run_status", "status IN ('running','finished','failed')");
                    table.ForeignKey(
                        name: "fk_run_project_project_id",
                        column: x => x.project_id,
                        principalTable: "project",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "coverage",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dataset_id = table.Column<long>(type: "bigint", nullable: false),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    @operator = table.Column<string>(name: "operator", type: "text", nullable: true),
                    tech = table.Column<string>(type: "text", nullable: false),
                    geom = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coverage", x => x.id);
                    table.ForeignKey(
                        name: "fk_coverage_dataset_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "dataset",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_coverage_project_project_id",
                        column: x => x.project_id,
                        principalTable: "project",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "facility",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dataset_id = table.Column<long>(type: "bigint", nullable: false),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    connected = table.Column<bool>(type: "boolean", nullable: true),
                    speed_mbps = table.Column<double>(type: "double precision", nullable: true),
                    properties = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    geom = table.Column<Point>(type: "geometry(Point,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_facility", x => x.id);
                    table.ForeignKey(
                        name: "fk_facility_dataset_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "dataset",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_facility_project_project_id",
                        column: x => x.project_id,
                        principalTable: "project",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "measurement",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dataset_id = table.Column<long>(type: "bigint", nullable: false),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    period = table.Column<string>(type: "text", nullable: true),
                    down_kbps = table.Column<double>(type: "double precision", nullable: true),
                    up_kbps = table.Column<double>(type: "double precision", nullable: true),
                    latency_ms = table.Column<double>(type: "double precision", nullable: true),
                    tests = table.Column<int>(type: "integer", nullable: false),
                    devices = table.Column<int>(type: "integer", nullable: false),
                    quadkey = table.Column<string>(type: "text", nullable: true),
                    geom = table.Column<Geometry>(type: "geometry(Geometry,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measurement", x => x.id);
                    table.ForeignKey(
                        name: "fk_measurement_dataset_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "dataset",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_measurement_project_project_id",
                        column: x => x.project_id,
                        principalTable: "project",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "settlement",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dataset_id = table.Column<long>(type: "bigint", nullable: false),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    source_id = table.Column<string>(type: "text", nullable: true),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    population = table.Column<double>(type: "double precision", nullable: true),
                    households = table.Column<double>(type: "double precision", nullable: true),
                    properties = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    geom = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement", x => x.id);
                    table.CheckConstraint("ck_settlement_kind", "kind IN ('informal','formal','unknown')");
                    table.ForeignKey(
                        name: "fk_settlement_dataset_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "dataset",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_settlement_project_project_id",
                        column: x => x.project_id,
                        principalTable: "project",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "site",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dataset_id = table.Column<long>(type: "bigint", nullable: false),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    @operator = table.Column<string>(name: "operator", type: "text", nullable: true),
                    tech = table.Column<string>(type: "text", nullable: false),
                    range_m = table.Column<double>(type: "double precision", nullable: true),
                    geom = table.Column<Point>(type: "geometry(Point,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_site", x => x.id);
                    table.ForeignKey(
                        name: "fk_site_dataset_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "dataset",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_site_project_project_id",
                        column: x => x.project_id,
                        principalTable: "project",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gap_area",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    settlement_id = table.Column<long>(type: "bigint", nullable: false),
                    area_m2 = table.Column<double>(type: "double precision", nullable: false),
                    geom = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gap_area", x => x.id);
                    table.ForeignKey(
                        name: "fk_gap_area_run_run_id",
                        column: x => x.run_id,
                        principalTable: "run",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "settlement_result",
                columns: table => new
                {
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    settlement_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    area_m2 = table.Column<double>(type: "double precision", nullable: false),
                    population = table.Column<double>(type: "double precision", nullable: true),
                    covered_share_2g = table.Column<double>(type: "double precision", nullable: false),
                    covered_share_3g = table.Column<double>(type: "double precision", nullable: false),
                    covered_share_4g = table.Column<double>(type: "double precision", nullable: false),
                    covered_share_5g = table.Column<double>(type: "double precision", nullable: false),
                    gap_area_m2 = table.Column<double>(type: "double precision", nullable: false),
                    gap_share = table.Column<double>(type: "double precision", nullable: false),
                    gap_population = table.Column<double>(type: "double precision", nullable: true),
                    median_down_mbps = table.Column<double>(type: "double precision", nullable: true),
                    median_up_mbps = table.Column<double>(type: "double precision", nullable: true),
                    median_latency_ms = table.Column<double>(type: "double precision", nullable: true),
                    tests = table.Column<int>(type: "integer", nullable: false),
                    devices = table.Column<int>(type: "integer", nullable: false),
                    suppressed = table.Column<bool>(type: "boolean", nullable: false),
                    nearest_site_m = table.Column<double>(type: "double precision", nullable: true),
                    facilities = table.Column<int>(type: "integer", nullable: false),
                    facilities_unconnected = table.Column<int>(type: "integer", nullable: false),
                    gap_class = table.Column<string>(type: "text", nullable: false),
                    gap_score = table.Column<double>(type: "double precision", nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    profile = table.Column<string>(type: "text", nullable: false),
                    explain = table.Column<JsonDocument>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_result", x => new { x.run_id, x.settlement_id });
                    table.ForeignKey(
                        name: "fk_settlement_result_run_run_id",
                        column: x => x.run_id,
                        principalTable: "run",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_coverage_dataset_id",
                table: "coverage",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_coverage_geom",
                table: "coverage",
                column: "geom")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_coverage_project_id_tech",
                table: "coverage",
                columns: new[] { "project_id", "tech" });

            migrationBuilder.CreateIndex(
                name: "ix_dataset_project_id_role_sha256",
                table: "dataset",
                columns: new[] { "project_id", "role", "sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_facility_dataset_id",
                table: "facility",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_facility_geom",
                table: "facility",
                column: "geom")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_facility_project_id",
                table: "facility",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_gap_area_geom",
                table: "gap_area",
                column: "geom")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_gap_area_run_id_settlement_id",
                table: "gap_area",
                columns: new[] { "run_id", "settlement_id" });

            migrationBuilder.CreateIndex(
                name: "ix_measurement_dataset_id",
                table: "measurement",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_measurement_geom",
                table: "measurement",
                column: "geom")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_measurement_project_id_period",
                table: "measurement",
                columns: new[] { "project_id", "period" });

            migrationBuilder.CreateIndex(
                name: "ix_project_slug",
                table: "project",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_run_project_id_started_at",
                table: "run",
                columns: new[] { "project_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_settlement_dataset_id",
                table: "settlement",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_geom",
                table: "settlement",
                column: "geom")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_project_id",
                table: "settlement",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_result_run_id_rank",
                table: "settlement_result",
                columns: new[] { "run_id", "rank" });

            migrationBuilder.CreateIndex(
                name: "ix_site_dataset_id",
                table: "site",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_site_geom",
                table: "site",
                column: "geom")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_site_project_id_tech",
                table: "site",
                columns: new[] { "project_id", "tech" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "coverage");

            migrationBuilder.DropTable(
                name: "facility");

            migrationBuilder.DropTable(
                name: "gap_area");

            migrationBuilder.DropTable(
                name: "measurement");

            migrationBuilder.DropTable(
                name: "settlement");

            migrationBuilder.DropTable(
                name: "settlement_result");

            migrationBuilder.DropTable(
                name: "site");

            migrationBuilder.DropTable(
                name: "run");

            migrationBuilder.DropTable(
                name: "dataset");

            migrationBuilder.DropTable(
                name: "project");
        }
    }
}
