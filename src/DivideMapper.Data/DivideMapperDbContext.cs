using PrivacyFloor = DivideMapper.Core.Analysis.PrivacyFloor;
using DivideMapper.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace DivideMapper.Data;

/// <summary>
/// The PostGIS schema of DESIGN §4. Tables and columns are snake_case; every geometry column is stored in
/// EPSG:4326 with a GiST index, and every role table carries project_id for one-index filtering.
/// Citus-ready (DESIGN §4, docs/scale.md): every table but the global ones (<c>project</c>, <c>api_key</c>, <c>audit</c>)
/// carries <c>project_id</c>, and every primary, unique and foreign key includes it, so each can be distributed by
/// project. Ids stay identity columns, unique on their own; the composite keys only add the distribution column.
/// SchemaIsCitusReadyTests reads the catalog and holds every table to this rule.
/// </summary>
public class DivideMapperDbContext(DbContextOptions<DivideMapperDbContext> options) : DbContext(options)
{
    public const int StorageSrid = 4326;

    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<SettlementRecord> Settlements => Set<SettlementRecord>();
    public DbSet<CoverageRecord> Coverage => Set<CoverageRecord>();
    public DbSet<SiteRecord> Sites => Set<SiteRecord>();
    public DbSet<MeasurementRecord> Measurements => Set<MeasurementRecord>();
    public DbSet<FacilityRecord> Facilities => Set<FacilityRecord>();
    public DbSet<PopulationRecord> Population => Set<PopulationRecord>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<SettlementResultRow> SettlementResults => Set<SettlementResultRow>();
    public DbSet<GapAreaRow> GapAreas => Set<GapAreaRow>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasPostgresExtension("postgis");

        b.Entity<Project>(e =>
        {
            e.ToTable("project");
            e.HasIndex(p => p.Slug).IsUnique();
            e.Property(p => p.Slug).HasMaxLength(64);
            e.Property(p => p.MinDevices).HasDefaultValue(PrivacyFloor.DefaultMinDevices);
            e.Property(p => p.MinTests).HasDefaultValue(PrivacyFloor.DefaultMinTests);
            e.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
            e.Property(p => p.Visibility).HasMaxLength(16).HasDefaultValue(Access.ProjectVisibility.Default);
            e.ToTable(t => t.HasCheckConstraint("ck_project_visibility", "visibility IN ('public','private')"));
        });

        b.Entity<ApiKey>(e =>
        {
            e.ToTable("api_key", t => t.HasCheckConstraint("ck_api_key_role", "role IN ('viewer','analyst','admin')"));
            e.Property(k => k.Role).HasMaxLength(16);
            e.Property(k => k.Label).HasMaxLength(200);
            e.Property(k => k.CreatedAt).HasDefaultValueSql("now()");
        });

        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit");
            e.Property(a => a.At).HasDefaultValueSql("now()");
            e.HasIndex(a => a.At);
        });

        b.Entity<Dataset>(e =>
        {
            e.ToTable("dataset", t =>
            {
                // The roles declared in Formats' RoleCatalog; a new role changes this constraint in its migration.
                t.HasCheckConstraint("ck_dataset_role", Formats.Roles.RoleCatalog.RoleCheckSql);
                t.HasCheckConstraint("ck_dataset_network", "network IS NULL OR network IN ('fixed','mobile','unknown','mixed')");
            });
            e.HasKey(d => new { d.ProjectId, d.Id }); // Citus-ready: the role tables' foreign key (project_id, dataset_id) points here
            e.Property(d => d.Id).UseIdentityByDefaultColumn();
            e.HasOne(d => d.Project).WithMany(p => p.Datasets).HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
            // Same bytes into the same project and role → the existing dataset (idempotent import).
            e.HasIndex(d => new { d.ProjectId, d.Role, d.Sha256 }).IsUnique();
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.Property(d => d.Report).HasColumnType("jsonb");
            e.Property(d => d.CreatedAt).HasDefaultValueSql("now()");
        });

        RoleTable<SettlementRecord>(b, "settlement", "geometry(MultiPolygon,4326)", e =>
        {
            e.Property(r => r.Properties).HasColumnType("jsonb");
            e.ToTable(t => t.HasCheckConstraint("ck_settlement_kind", "kind IN ('informal','formal','unknown')"));
        });
        RoleTable<CoverageRecord>(b, "coverage", "geometry(MultiPolygon,4326)", e => e.HasIndex(r => new { r.ProjectId, r.Tech }));
        RoleTable<SiteRecord>(b, "site", "geometry(Point,4326)", e => e.HasIndex(r => new { r.ProjectId, r.Tech }));
        // (project_id, dataset_id, period): serves the foreign key and the per-project/period reads with one btree, so
        // an import of 200k points maintains three indexes (key, this, GiST) rather than four.
        RoleTable<MeasurementRecord>(b, "measurement", "geometry(Geometry,4326)", e =>
        {
            e.HasIndex(r => new { r.ProjectId, r.DatasetId, r.Period });
            e.Property(r => r.Network).HasDefaultValue("unknown");
            e.ToTable(t => t.HasCheckConstraint("ck_measurement_network", "network IN ('fixed','mobile','unknown')"));
        });
        RoleTable<FacilityRecord>(b, "facility", "geometry(Point,4326)", e => e.Property(r => r.Properties).HasColumnType("jsonb"));
        RoleTable<PopulationRecord>(b, "population", "geometry(Geometry,4326)", e =>
        {
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_population_kind", "kind IN ('cell','area','point','building')");
                t.HasCheckConstraint("ck_population_people", "people >= 0");
            });
        });

        b.Entity<Run>(e =>
        {
            e.ToTable("run", t =>
            {
                t.HasCheckConstraint("ck_run_status", "status IN ('queued','running','finished','failed')");
                t.HasCheckConstraint("ck_run_progress", "progress >= 0 AND progress <= 1");
            });
            // Citus-ready: (project_id, id), the key settlement_result and gap_area point to. Lookups by id alone (a run's
            // URL) scan this small table; under Citus they go to every shard (docs/scale.md).
            e.HasKey(r => new { r.ProjectId, r.Id });
            e.Property(r => r.Id).UseIdentityByDefaultColumn();
            e.HasOne(r => r.Project).WithMany(p => p.Runs).HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.ProjectId, r.StartedAt });
            // The queue: the workers look for the oldest queued runs; a partial index stays as small as the queue.
            e.HasIndex(r => new { r.QueuedAt, r.Id }).HasFilter("status = 'queued'").HasDatabaseName("ix_run_queue");
            e.Property(r => r.Phase).HasMaxLength(16);
            e.Property(r => r.ErrorCode).HasMaxLength(64);
            e.Property(r => r.QueuedAt).HasDefaultValueSql("now()");
            e.Property(r => r.Profile).HasColumnType("jsonb");
            e.Property(r => r.Parameters).HasColumnType("jsonb");
            e.Property(r => r.Summary).HasColumnType("jsonb");
        });

        b.Entity<SettlementResultRow>(e =>
        {
            e.ToTable("settlement_result");
            // The key leads with (project_id, run_id), so it also serves the foreign key and the cascade from run.
            e.HasKey(r => new { r.ProjectId, r.RunId, r.SettlementId });
            e.HasOne<Run>().WithMany().HasForeignKey(r => new { r.ProjectId, r.RunId }).HasPrincipalKey(r => new { r.ProjectId, r.Id })
                .OnDelete(DeleteBehavior.Cascade);
            // The run's rows in rank order (EF reads by run id alone).
            e.HasIndex(r => new { r.RunId, r.Rank });
            e.Property(r => r.Explain).HasColumnType("jsonb");
            // Named like the DESIGN §5 columns (covered_share_2g, not covered_share2g).
            e.Property(r => r.CoveredShare2g).HasColumnName("covered_share_2g");
            e.Property(r => r.CoveredShare3g).HasColumnName("covered_share_3g");
            e.Property(r => r.CoveredShare4g).HasColumnName("covered_share_4g");
            e.Property(r => r.CoveredShare5g).HasColumnName("covered_share_5g");
            e.Property(r => r.CoveredShareFixed).HasColumnName("covered_share_fixed");
            e.Property(r => r.AreaM2).HasColumnName("area_m2");
            e.Property(r => r.GapAreaM2).HasColumnName("gap_area_m2");
        });

        b.Entity<GapAreaRow>(e =>
        {
            e.ToTable("gap_area");
            e.HasKey(r => new { r.ProjectId, r.Id });
            e.Property(r => r.Id).UseIdentityByDefaultColumn();
            e.HasOne<Run>().WithMany().HasForeignKey(r => new { r.ProjectId, r.RunId }).HasPrincipalKey(r => new { r.ProjectId, r.Id })
                .OnDelete(DeleteBehavior.Cascade);
            // One btree for the foreign key (its prefix) and for the gaps layer's join to settlement_result.
            e.HasIndex(r => new { r.ProjectId, r.RunId, r.SettlementId });
            e.Property(r => r.Geom).HasColumnType("geometry(MultiPolygon,4326)");
            e.HasIndex(r => r.Geom).HasMethod("gist");
            e.Property(r => r.AreaM2).HasColumnName("area_m2");
        });
    }

    /// <summary>
    /// Shared shape of the role tables: key (project_id, dataset_id, id), (project, dataset) FK (cascade), typed geometry
    /// + GiST. Each table is partitioned by dataset (migration RoleTablesPartitionedByDataset; EF cannot declare that):
    /// an import loads its rows into a table of its own and attaches it (<see cref="Storage.DatasetPartitions"/>), and
    /// a partition's key must include the partition column.
    /// </summary>
    private static void RoleTable<T>(ModelBuilder b, string table, string geometryType,
        Action<Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T>> configure) where T : class
    {
        b.Entity<T>(e =>
        {
            e.ToTable(table);
            // Citus-ready: the key includes the distribution column, and the partition column (dataset); the identity
            // keeps ids unique on their own.
            e.HasKey("ProjectId", "DatasetId", "Id");
            // Rows by id within a project (results join settlements by id, OGC items page and fetch by id): the key leads
            // with the dataset, so it cannot serve these; without this index the W2 results export took 9.6 s, not 1.3.
            e.HasIndex("ProjectId", "Id");
            e.Property<long>("Id").UseIdentityByDefaultColumn();
            // One composite key to the dataset, (project_id, dataset_id) → dataset (project_id, id): a row's denormalised
            // project_id must be its dataset's, and a bulk COPY pays one foreign-key check per row instead of two
            // (dataset and project). Deleting a project still cascades: project → dataset → rows.
            e.HasOne<Dataset>().WithMany().HasForeignKey("ProjectId", "DatasetId").HasPrincipalKey(d => new { d.ProjectId, d.Id })
                .OnDelete(DeleteBehavior.Cascade);
            e.Property("Geom").HasColumnType(geometryType);
            e.HasIndex("Geom").HasMethod("gist");
            configure(e);
        });
    }
}
