using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DivideMapper.Data.Migrations
{
    /// <inheritdoc />
    public partial class RoleRowsProjectDatasetKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_coverage_dataset_dataset_id",
                table: "coverage");

            migrationBuilder.DropForeignKey(
                name: "fk_coverage_project_project_id",
                table: "coverage");

            migrationBuilder.DropForeignKey(
                name: "fk_facility_dataset_dataset_id",
                table: "facility");

            migrationBuilder.DropForeignKey(
                name: "fk_facility_project_project_id",
                table: "facility");

            migrationBuilder.DropForeignKey(
                name: "fk_measurement_dataset_dataset_id",
                table: "measurement");

            migrationBuilder.DropForeignKey(
                name: "fk_measurement_project_project_id",
                table: "measurement");

            migrationBuilder.DropForeignKey(
                name: "fk_settlement_dataset_dataset_id",
                table: "settlement");

            migrationBuilder.DropForeignKey(
                name: "fk_settlement_project_project_id",
                table: "settlement");

            migrationBuilder.DropForeignKey(
                name: "fk_site_dataset_dataset_id",
                table: "site");

            migrationBuilder.DropForeignKey(
                name: "fk_site_project_project_id",
                table: "site");

            migrationBuilder.DropIndex(
                name: "ix_site_dataset_id",
                table: "site");

            migrationBuilder.DropIndex(
                name: "ix_settlement_dataset_id",
                table: "settlement");

            migrationBuilder.DropIndex(
                name: "ix_settlement_project_id",
                table: "settlement");

            migrationBuilder.DropIndex(
                name: "ix_measurement_dataset_id",
                table: "measurement");

            migrationBuilder.DropIndex(
                name: "ix_measurement_project_id_period",
                table: "measurement");

            migrationBuilder.DropIndex(
                name: "ix_facility_dataset_id",
                table: "facility");

            migrationBuilder.DropIndex(
                name: "ix_facility_project_id",
                table: "facility");

            migrationBuilder.DropIndex(
                name: "ix_coverage_dataset_id",
                table: "coverage");

            migrationBuilder.AddUniqueConstraint(
                name: "ak_dataset_project_id_id",
                table: "dataset",
                columns: new[] { "project_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_site_project_id_dataset_id",
                table: "site",
                columns: new[] { "project_id", "dataset_id" });

            migrationBuilder.CreateIndex(
                name: "ix_settlement_project_id_dataset_id",
                table: "settlement",
                columns: new[] { "project_id", "dataset_id" });

            migrationBuilder.CreateIndex(
                name: "ix_measurement_project_id_dataset_id_period",
                table: "measurement",
                columns: new[] { "project_id", "dataset_id", "period" });

            migrationBuilder.CreateIndex(
                name: "ix_facility_project_id_dataset_id",
                table: "facility",
                columns: new[] { "project_id", "dataset_id" });

            migrationBuilder.CreateIndex(
                name: "ix_coverage_project_id_dataset_id",
                table: "coverage",
                columns: new[] { "project_id", "dataset_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_coverage_dataset_project_id_dataset_id",
                table: "coverage",
                columns: new[] { "project_id", "dataset_id" },
                principalTable: "dataset",
                principalColumns: new[] { "project_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_facility_dataset_project_id_dataset_id",
                table: "facility",
                columns: new[] { "project_id", "dataset_id" },
                principalTable: "dataset",
                principalColumns: new[] { "project_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_measurement_dataset_project_id_dataset_id",
                table: "measurement",
                columns: new[] { "project_id", "dataset_id" },
                principalTable: "dataset",
                principalColumns: new[] { "project_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_settlement_dataset_project_id_dataset_id",
                table: "settlement",
                columns: new[] { "project_id", "dataset_id" },
                principalTable: "dataset",
                principalColumns: new[] { "project_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_site_dataset_project_id_dataset_id",
                table: "site",
                columns: new[] { "project_id", "dataset_id" },
                principalTable: "dataset",
                principalColumns: new[] { "project_id", "id" },
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_coverage_dataset_project_id_dataset_id",
                table: "coverage");

            migrationBuilder.DropForeignKey(
                name: "fk_facility_dataset_project_id_dataset_id",
                table: "facility");

            migrationBuilder.DropForeignKey(
                name: "fk_measurement_dataset_project_id_dataset_id",
                table: "measurement");

            migrationBuilder.DropForeignKey(
                name: "fk_settlement_dataset_project_id_dataset_id",
                table: "settlement");

            migrationBuilder.DropForeignKey(
                name: "fk_site_dataset_project_id_dataset_id",
                table: "site");

            migrationBuilder.DropIndex(
                name: "ix_site_project_id_dataset_id",
                table: "site");

            migrationBuilder.DropIndex(
                name: "ix_settlement_project_id_dataset_id",
                table: "settlement");

            migrationBuilder.DropIndex(
                name: "ix_measurement_project_id_dataset_id_period",
                table: "measurement");

            migrationBuilder.DropIndex(
                name: "ix_facility_project_id_dataset_id",
                table: "facility");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_dataset_project_id_id",
                table: "dataset");

            migrationBuilder.DropIndex(
                name: "ix_coverage_project_id_dataset_id",
                table: "coverage");

            migrationBuilder.CreateIndex(
                name: "ix_site_dataset_id",
                table: "site",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_dataset_id",
                table: "settlement",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_project_id",
                table: "settlement",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_measurement_dataset_id",
                table: "measurement",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_measurement_project_id_period",
                table: "measurement",
                columns: new[] { "project_id", "period" });

            migrationBuilder.CreateIndex(
                name: "ix_facility_dataset_id",
                table: "facility",
                column: "dataset_id");

            migrationBuilder.CreateIndex(
                name: "ix_facility_project_id",
                table: "facility",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_coverage_dataset_id",
                table: "coverage",
                column: "dataset_id");

            migrationBuilder.AddForeignKey(
                name: "fk_coverage_dataset_dataset_id",
                table: "coverage",
                column: "dataset_id",
                principalTable: "dataset",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_coverage_project_project_id",
                table: "coverage",
                column: "project_id",
                principalTable: "project",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_facility_dataset_dataset_id",
                table: "facility",
                column: "dataset_id",
                principalTable: "dataset",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_facility_project_project_id",
                table: "facility",
                column: "project_id",
                principalTable: "project",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_measurement_dataset_dataset_id",
                table: "measurement",
                column: "dataset_id",
                principalTable: "dataset",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_measurement_project_project_id",
                table: "measurement",
                column: "project_id",
                principalTable: "project",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_settlement_dataset_dataset_id",
                table: "settlement",
                column: "dataset_id",
                principalTable: "dataset",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_settlement_project_project_id",
                table: "settlement",
                column: "project_id",
                principalTable: "project",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_site_dataset_dataset_id",
                table: "site",
                column: "dataset_id",
                principalTable: "dataset",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_site_project_project_id",
                table: "site",
                column: "project_id",
                principalTable: "project",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
