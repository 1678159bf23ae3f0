using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DivideMapper.Data.Migrations
{
    /// <summary>
    /// Citus-ready keys (DESIGN §4, docs/scale.md): settlement_result and gap_area gain project_id (backfilled from their
    /// run), and every primary and foreign key of a per-project table includes project_id. Ids stay identity columns,
    /// so they remain unique on their own and every id a user has seen keeps working. The role tables' foreign keys to
    /// dataset are dropped and re-created because they depend on the dataset key being replaced (the unique
    /// (project_id, id) becomes the primary key). Written by hand around EF's generated operations: EF would add the new
    /// columns with a permanent DEFAULT 0 and drop the dataset key while foreign keys still depend on it.
    /// </summary>
    public partial class CitusReadyKeys : Migration
    {
        /// <summary>The role tables whose (project_id, dataset_id) foreign key points at dataset's (project_id, id).</summary>
        private static readonly string[] RoleTables = ["settlement", "coverage", "site", "measurement", "facility", "population"];

        /// <summary>The role tables whose primary key was (id); population's has been (project_id, id) since it was added.</summary>
        private static readonly string[] RoleTablesKeyedById = ["settlement", "coverage", "site", "measurement", "facility"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(name: "fk_gap_area_run_run_id", table: "gap_area");
            migrationBuilder.DropForeignKey(name: "fk_settlement_result_run_run_id", table: "settlement_result");
            foreach (var table in RoleTables)
                migrationBuilder.DropForeignKey(name: $"fk_{table}_dataset_project_id_dataset_id", table: table);

            // The run's project, for the rows stored before results carried it.
            migrationBuilder.AddColumn<long>(name: "project_id", table: "settlement_result", type: "bigint", nullable: true);
            migrationBuilder.AddColumn<long>(name: "project_id", table: "gap_area", type: "bigint", nullable: true);
            migrationBuilder.Sql("""
                UPDATE settlement_result r SET project_id = run.project_id FROM run WHERE run.id = r.run_id;
                UPDATE gap_area g SET project_id = run.project_id FROM run WHERE run.id = g.run_id;
                ALTER TABLE settlement_result ALTER COLUMN project_id SET NOT NULL;
                ALTER TABLE gap_area ALTER COLUMN project_id SET NOT NULL;
                """);

            foreach (var table in RoleTablesKeyedById)
            {
                migrationBuilder.DropPrimaryKey(name: $"pk_{table}", table: table);
                migrationBuilder.AddPrimaryKey(name: $"pk_{table}", table: table, columns: ["project_id", "id"]);
            }

            migrationBuilder.DropUniqueConstraint(name: "ak_dataset_project_id_id", table: "dataset");
            migrationBuilder.DropPrimaryKey(name: "pk_dataset", table: "dataset");
            migrationBuilder.AddPrimaryKey(name: "pk_dataset", table: "dataset", columns: ["project_id", "id"]);

            migrationBuilder.DropPrimaryKey(name: "pk_run", table: "run");
            migrationBuilder.AddPrimaryKey(name: "pk_run", table: "run", columns: ["project_id", "id"]);

            migrationBuilder.DropPrimaryKey(name: "pk_settlement_result", table: "settlement_result");
            migrationBuilder.AddPrimaryKey(name: "pk_settlement_result", table: "settlement_result",
                columns: ["project_id", "run_id", "settlement_id"]);

            migrationBuilder.DropPrimaryKey(name: "pk_gap_area", table: "gap_area");
            migrationBuilder.AddPrimaryKey(name: "pk_gap_area", table: "gap_area", columns: ["project_id", "id"]);
            migrationBuilder.DropIndex(name: "ix_gap_area_run_id_settlement_id", table: "gap_area");
            migrationBuilder.CreateIndex(name: "ix_gap_area_project_id_run_id_settlement_id", table: "gap_area",
                columns: ["project_id", "run_id", "settlement_id"]);

            foreach (var table in RoleTables)
                migrationBuilder.AddForeignKey(name: $"fk_{table}_dataset_project_id_dataset_id", table: table,
                    columns: ["project_id", "dataset_id"], principalTable: "dataset", principalColumns: ["project_id", "id"],
                    onDelete: ReferentialAction.Cascade);
            migrationBuilder.AddForeignKey(name: "fk_gap_area_run_project_id_run_id", table: "gap_area",
                columns: ["project_id", "run_id"], principalTable: "run", principalColumns: ["project_id", "id"],
                onDelete: ReferentialAction.Cascade);
            migrationBuilder.AddForeignKey(name: "fk_settlement_result_run_project_id_run_id", table: "settlement_result",
                columns: ["project_id", "run_id"], principalTable: "run", principalColumns: ["project_id", "id"],
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(name: "fk_gap_area_run_project_id_run_id", table: "gap_area");
            migrationBuilder.DropForeignKey(name: "fk_settlement_result_run_project_id_run_id", table: "settlement_result");
            foreach (var table in RoleTables)
                migrationBuilder.DropForeignKey(name: $"fk_{table}_dataset_project_id_dataset_id", table: table);

            migrationBuilder.DropIndex(name: "ix_gap_area_project_id_run_id_settlement_id", table: "gap_area");
            migrationBuilder.DropPrimaryKey(name: "pk_gap_area", table: "gap_area");
            migrationBuilder.DropPrimaryKey(name: "pk_settlement_result", table: "settlement_result");
            migrationBuilder.DropColumn(name: "project_id", table: "settlement_result");
            migrationBuilder.DropColumn(name: "project_id", table: "gap_area");
            migrationBuilder.AddPrimaryKey(name: "pk_gap_area", table: "gap_area", column: "id");
            migrationBuilder.CreateIndex(name: "ix_gap_area_run_id_settlement_id", table: "gap_area", columns: ["run_id", "settlement_id"]);
            migrationBuilder.AddPrimaryKey(name: "pk_settlement_result", table: "settlement_result", columns: ["run_id", "settlement_id"]);

            migrationBuilder.DropPrimaryKey(name: "pk_run", table: "run");
            migrationBuilder.AddPrimaryKey(name: "pk_run", table: "run", column: "id");

            migrationBuilder.DropPrimaryKey(name: "pk_dataset", table: "dataset");
            migrationBuilder.AddPrimaryKey(name: "pk_dataset", table: "dataset", column: "id");
            migrationBuilder.AddUniqueConstraint(name: "ak_dataset_project_id_id", table: "dataset", columns: ["project_id", "id"]);

            foreach (var table in RoleTablesKeyedById)
            {
                migrationBuilder.DropPrimaryKey(name: $"pk_{table}", table: table);
                migrationBuilder.AddPrimaryKey(name: $"pk_{table}", table: table, column: "id");
            }

            foreach (var table in RoleTables)
                migrationBuilder.AddForeignKey(name: $"fk_{table}_dataset_project_id_dataset_id", table: table,
                    columns: ["project_id", "dataset_id"], principalTable: "dataset", principalColumns: ["project_id", "id"],
                    onDelete: ReferentialAction.Cascade);
            migrationBuilder.AddForeignKey(name: "fk_gap_area_run_run_id", table: "gap_area", column: "run_id",
                principalTable: "run", principalColumn: "id", onDelete: ReferentialAction.Cascade);
            migrationBuilder.AddForeignKey(name: "fk_settlement_result_run_run_id", table: "settlement_result", column: "run_id",
                principalTable: "run", principalColumn: "id", onDelete: ReferentialAction.Cascade);
        }
    }
}
