using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DivideMapper.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunsAsJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_run_status",
                table: "run");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "started_at",
                table: "run",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldDefaultValueSql: "now()");

            migrationBuilder.AlterColumn<int>(
                name: "metric_srid",
                table: "run",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<bool>(
                name: "cancel_requested",
                table: "run",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "error_code",
                table: "run",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phase",
                table: "run",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "progress",
                table: "run",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "queued_at",
                table: "run",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            // Runs stored before runs were jobs: queued when they started; finished ones are complete; failed ones are
            // the old 'interrupted' or an analysis error.
            migrationBuilder.Sql("""
                UPDATE run SET queued_at = started_at;
                UPDATE run SET progress = 1 WHERE status = 'finished';
                UPDATE run SET error_code = CASE WHEN error LIKE 'interrupted%' THEN 'interrupted' ELSE 'analysis-failed' END
                WHERE status = 'failed';
                """);

            migrationBuilder.CreateIndex(
                name: "ix_run_queue",
                table: "run",
                columns: new[] { "queued_at", "id" },
                filter: "status = 'queued'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_run_progress",
                table: "run",
                sql: "progress >= 0 AND progress <= 1");

            migrationBuilder.AddCheckConstraint(
                name: "ck_run_status",
                table: "run",
                sql: "status IN ('queued','running','finished','failed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Queued runs cannot exist in the old schema, nor runs without a start time or CRS.
            migrationBuilder.Sql("DELETE FROM run WHERE status = 'queued' OR started_at IS NULL OR metric_srid IS NULL;");

            migrationBuilder.DropIndex(
                name: "ix_run_queue",
                table: "run");

            migrationBuilder.DropCheckConstraint(
                name: "ck_run_progress",
                table: "run");

            migrationBuilder.DropCheckConstraint(
                name: "ck_run_status",
                table: "run");

            migrationBuilder.DropColumn(
                name: "cancel_requested",
                table: "run");

            migrationBuilder.DropColumn(
                name: "error_code",
                table: "run");

            migrationBuilder.DropColumn(
                name: "phase",
                table: "run");

            migrationBuilder.DropColumn(
                name: "progress",
                table: "run");

            migrationBuilder.DropColumn(
                name: "queued_at",
                table: "run");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "started_at",
                table: "run",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()",
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "metric_srid",
                table: "run",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_run_status",
                table: "run",
                sql: "status IN ('running','finished','failed')");
        }
    }
}
