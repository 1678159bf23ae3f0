using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DivideMapper.Data.Migrations
{
    /// <inheritdoc />
    public partial class MethodReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "tests",
                table: "settlement_result",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AlterColumn<int>(
                name: "devices",
                table: "settlement_result",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            // Rows stored before counts were withheld with medians (DESIGN §6): withhold them now too.
            migrationBuilder.Sql("UPDATE settlement_result SET tests = NULL, devices = NULL WHERE suppressed;");

            migrationBuilder.AddColumn<double>(
                name: "covered_share_fixed",
                table: "settlement_result",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "period",
                table: "settlement_result",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "network",
                table: "measurement",
                type: "text",
                nullable: false,
                defaultValue: "unknown");

            migrationBuilder.AddColumn<string>(
                name: "network",
                table: "dataset",
                type: "text",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_measurement_network",
                table: "measurement",
                sql: "network IN ('fixed','mobile','unknown')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_dataset_network",
                table: "dataset",
                sql: "network IS NULL OR network IN ('fixed','mobile','unknown','mixed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_measurement_network",
                table: "measurement");

            migrationBuilder.DropCheckConstraint(
                name: "ck_dataset_network",
                table: "dataset");

            migrationBuilder.DropColumn(
                name: "covered_share_fixed",
                table: "settlement_result");

            migrationBuilder.DropColumn(
                name: "period",
                table: "settlement_result");

            migrationBuilder.DropColumn(
                name: "network",
                table: "measurement");

            migrationBuilder.DropColumn(
                name: "network",
                table: "dataset");

            migrationBuilder.AlterColumn<int>(
                name: "tests",
                table: "settlement_result",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "devices",
                table: "settlement_result",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }
    }
}
