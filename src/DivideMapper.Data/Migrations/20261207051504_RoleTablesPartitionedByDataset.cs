using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DivideMapper.Data.Migrations
{
    /// <summary>
    /// The role tables become partitioned by dataset (LIST on dataset_id), one partition per dataset named
    /// <c>{table}_ds_{dataset id}</c> (<see cref="Storage.DatasetPartitions"/>). An import then COPYs into a fresh table
    /// with no index and no foreign key and attaches it at the end: PostgreSQL builds the partition's indexes in one
    /// sorted pass and checks the foreign key with one join, instead of a GiST insert, two B-tree inserts and a
    /// foreign-key probe per row (200k points: 6.9 s through the parent as before, 2.3 s load + attach; issue 12 item
    /// 3, without the superuser-only session_replication_role). Deleting a dataset drops its partition. The primary key
    /// gains dataset_id (a partitioned table's keys must include the partition column); ids stay identity values, unique
    /// on their own, so every id a user has seen keeps working. The (project_id, dataset_id) indexes go: the key covers
    /// them. EF cannot declare partitioning, so the tables are rebuilt here by hand and the rows moved into them.
    /// </summary>
    public partial class RoleTablesPartitionedByDataset : Migration
    {
        /// <summary>Each role table and its secondary indexes besides the geometry's GiST (unchanged names).</summary>
        private static readonly (string Table, string[] Indexes)[] RoleTables =
        [
            ("settlement", []),
            ("coverage", ["ix_coverage_project_id_tech ON coverage (project_id, tech)"]),
            ("site", ["ix_site_project_id_tech ON site (project_id, tech)"]),
            ("measurement", ["ix_measurement_project_id_dataset_id_period ON measurement (project_id, dataset_id, period)"]),
            ("facility", []),
            ("population", []),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, indexes) in RoleTables)
            {
                var old = $"{table}_unpartitioned";
                var dropIndexes = string.Join(", ", new[] { $"ix_{table}_geom" }
                    .Concat(table == "measurement" ? [] : [$"ix_{table}_project_id_dataset_id"])
                    .Concat(indexes.Select(i => i[..i.IndexOf(' ')])));
                migrationBuilder.Sql($"""
                    ALTER TABLE {table} RENAME TO {old};
                    ALTER TABLE {old} DROP CONSTRAINT fk_{table}_dataset_project_id_dataset_id;
                    ALTER TABLE {old} DROP CONSTRAINT pk_{table};
                    DROP INDEX {dropIndexes};
                    CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING STORAGE)
                        PARTITION BY LIST (dataset_id);
                    ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY (project_id, dataset_id, id);
                    ALTER TABLE {table} ADD CONSTRAINT fk_{table}_dataset_project_id_dataset_id FOREIGN KEY (project_id, dataset_id)
                        REFERENCES dataset (project_id, id) ON DELETE CASCADE;
                    CREATE INDEX ix_{table}_geom ON {table} USING gist (geom);
                    {string.Concat(indexes.Select(i => $"CREATE INDEX {i};\n"))}
                    DO $$
                    DECLARE
                        d bigint;
                        last bigint;
                        called boolean;
                    BEGIN
                        FOR d IN SELECT DISTINCT dataset_id FROM {old} LOOP
                            EXECUTE format('CREATE TABLE %I PARTITION OF {table} FOR VALUES IN (%s)', '{table}_ds_' || d, d);
                        END LOOP;
                        -- New ids continue after the old ones.
                        EXECUTE format('SELECT last_value, is_called FROM %s', pg_get_serial_sequence('{old}', 'id')) INTO last, called;
                        PERFORM setval(pg_get_serial_sequence('{table}', 'id'), last, called);
                    END $$;
                    INSERT INTO {table} SELECT * FROM {old};
                    DROP TABLE {old};
                    DO $$
                    BEGIN
                        EXECUTE format('ALTER SEQUENCE %s RENAME TO {table}_id_seq', pg_get_serial_sequence('{table}', 'id'));
                    END $$;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, indexes) in RoleTables)
            {
                var old = $"{table}_partitioned";
                var datasetIndex = table == "measurement" ? "" : $"CREATE INDEX ix_{table}_project_id_dataset_id ON {table} (project_id, dataset_id);";
                migrationBuilder.Sql($"""
                    ALTER TABLE {table} RENAME TO {old};
                    ALTER TABLE {old} DROP CONSTRAINT fk_{table}_dataset_project_id_dataset_id;
                    ALTER TABLE {old} DROP CONSTRAINT pk_{table};
                    DROP INDEX ix_{table}_geom{string.Concat(indexes.Select(i => ", " + i[..i.IndexOf(' ')]))};
                    CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING STORAGE);
                    INSERT INTO {table} SELECT * FROM {old};
                    DO $$
                    DECLARE
                        last bigint;
                        called boolean;
                    BEGIN
                        EXECUTE format('SELECT last_value, is_called FROM %s', pg_get_serial_sequence('{old}', 'id')) INTO last, called;
                        PERFORM setval(pg_get_serial_sequence('{table}', 'id'), last, called);
                    END $$;
                    DROP TABLE {old};
                    DO $$
                    BEGIN
                        EXECUTE format('ALTER SEQUENCE %s RENAME TO {table}_id_seq', pg_get_serial_sequence('{table}', 'id'));
                    END $$;
                    ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY (project_id, id);
                    ALTER TABLE {table} ADD CONSTRAINT fk_{table}_dataset_project_id_dataset_id FOREIGN KEY (project_id, dataset_id)
                        REFERENCES dataset (project_id, id) ON DELETE CASCADE;
                    CREATE INDEX ix_{table}_geom ON {table} USING gist (geom);
                    {datasetIndex}
                    {string.Concat(indexes.Select(i => $"CREATE INDEX {i};\n"))}
                    """);
            }
        }
    }
}
