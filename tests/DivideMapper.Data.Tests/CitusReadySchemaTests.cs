using DivideMapper.Data.Layers;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace DivideMapper.Data.Tests;

/// <summary>
/// DESIGN §4 "Citus-ready", checked on the migrated schema (<see cref="CitusSchemaRule"/>); the rule shown to fail on
/// offending tables and keys; and the CitusReadyKeys migration applied to a database that already holds a project with a
/// finished run, as an upgrade does (./run.sh loads the sample city).
/// </summary>
public sealed class CitusReadySchemaTests : IAsyncLifetime
{
    /// <summary>The migration before CitusReadyKeys: the schema an upgrade starts from.</summary>
    private const string PreviousMigration = "20261202070051_RunsAsJobs";

    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task EveryTableButTheAllowListCarriesProjectIdInEveryKey()
    {
        await using var connection = await OpenAsync();
        var violations = await CitusSchemaRule.ViolationsAsync(connection);
        Assert.True(violations.Count == 0, "Not Citus-ready:\n" + string.Join("\n", violations));
    }

    [Fact]
    public async Task TheRuleNamesEveryOffendingTableAndConstraint()
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, """
            CREATE TABLE offender (id bigint PRIMARY KEY);
            CREATE TABLE loose (project_id bigint);
            CREATE UNIQUE INDEX ix_run_by_id ON run (id);
            ALTER TABLE gap_area ADD CONSTRAINT fk_gap_area_run_by_id FOREIGN KEY (run_id) REFERENCES run (id);
            ALTER TABLE gap_area ADD CONSTRAINT fk_gap_area_crossed FOREIGN KEY (project_id, settlement_id) REFERENCES dataset (id, project_id) NOT VALID;
            ALTER TABLE api_key ADD COLUMN run_id bigint CONSTRAINT fk_api_key_run REFERENCES run (id);
            """);

        var violations = string.Join("\n", await CitusSchemaRule.ViolationsAsync(connection));

        Assert.Contains("table offender has no project_id column", violations);
        Assert.Contains("table offender: unique index offender_pkey (id) lacks project_id", violations);
        Assert.Contains("table loose: project_id is nullable", violations);
        Assert.Contains("table run: unique index ix_run_by_id (id) lacks project_id", violations);
        Assert.Contains("table gap_area: foreign key fk_gap_area_run_by_id (run_id) → run (id) lacks project_id", violations);
        Assert.Contains("fk_gap_area_crossed (project_id, settlement_id) → dataset (id, project_id) does not map project_id", violations);
        Assert.Contains("table api_key (reference): foreign key fk_api_key_run (run_id) → run (id) points at a distributed table", violations);
        Assert.Equal(7, violations.Split('\n').Length);
    }

    [Fact]
    public async Task MigrationKeepsAProjectWithAFinishedRunAndBackfillsProjectId()
    {
        await using var dataSource = _database.CreateDataSource();
        await SampleCityImport.ImportAsync(dataSource, "upgrade");
        var runId = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("upgrade", "giga-20"), "test")).OrThrow().RunId;
        const string Fingerprint = """
            SELECT (SELECT count(*) || ':' || sum(settlement_id) || ':' || round(sum(gap_score)::numeric, 6) FROM settlement_result) || '|' ||
                   (SELECT count(*) || ':' || sum(id) || ':' || round(sum(area_m2)::numeric, 3) FROM gap_area) || '|' ||
                   (SELECT count(*) || ':' || sum(id) FROM settlement) || '|' || (SELECT string_agg(id::text, ',' ORDER BY id) FROM dataset)
            """;
        var before = await _database.ScalarAsync<string>(Fingerprint);

        await MigrateToAsync(PreviousMigration);
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name IN ('settlement_result','gap_area') AND column_name = 'project_id'"));
        Assert.Equal(before, await _database.ScalarAsync<string>(Fingerprint));

        await DatabaseMigrator.MigrateAsync(_database.ConnectionString);

        Assert.Empty(await DatabaseMigrator.PendingAsync(_database.ConnectionString));
        Assert.Equal(before, await _database.ScalarAsync<string>(Fingerprint));
        var projectId = await _database.ScalarAsync<long>("SELECT id FROM project WHERE slug = 'upgrade'");
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            $"SELECT (SELECT count(*) FROM settlement_result WHERE project_id IS DISTINCT FROM {projectId}) + (SELECT count(*) FROM gap_area WHERE project_id IS DISTINCT FROM {projectId})"));
        await using (var connection = await OpenAsync())
            Assert.Empty(await CitusSchemaRule.ViolationsAsync(connection));

        // The stored run is served as before, and a new run stores its rows with the project.
        long served = 0;
        await foreach (var _ in RunLayers.ResultsAsync(dataSource, runId)) served++;
        await foreach (var _ in RunLayers.GapsAsync(dataSource, runId)) served++;
        Assert.Equal(await _database.ScalarAsync<long>("SELECT (SELECT count(*) FROM settlement_result) + (SELECT count(*) FROM gap_area)"), served);
        var second = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("upgrade", "giga-20"), "test")).OrThrow().RunId;
        Assert.Equal(projectId, await _database.ScalarAsync<long>($"SELECT DISTINCT project_id FROM settlement_result WHERE run_id = {second}"));
        Assert.Equal(projectId, await _database.ScalarAsync<long>($"SELECT DISTINCT project_id FROM gap_area WHERE run_id = {second}"));

        // The composite foreign keys still cascade: run → results and gaps; project → datasets → rows, runs.
        Assert.Equal(DeleteOutcome.Deleted, await Deletions.RunAsync(dataSource, runId));
        Assert.Equal(0L, await _database.ScalarAsync<long>($"SELECT count(*) FROM settlement_result WHERE run_id = {runId}"));
        Assert.Equal(DeleteOutcome.Deleted, await Deletions.ProjectAsync(dataSource, "upgrade"));
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM settlement_result) + (SELECT count(*) FROM gap_area) + (SELECT count(*) FROM settlement) + (SELECT count(*) FROM run)"));
    }

    private async Task MigrateToAsync(string migration)
    {
        await using var dataSource = _database.CreateDataSource();
        await using var db = DataServiceCollectionExtensions.CreateContext(dataSource);
        await db.GetService<IMigrator>().MigrateAsync(migration);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
