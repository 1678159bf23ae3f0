using System.Globalization;
using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Testing;

namespace DivideMapper.Data.Tests;

/// <summary>
/// CSV and GeoJSON rows are stored while the file is read (several COPY chunks): same rows as the batch path, one
/// transaction, nothing left by a rejected file or by rows discarded to read the file again, idempotent by SHA-256.
/// </summary>
public sealed class StreamingImportTests : IAsyncLifetime, IDisposable
{
    private readonly PostgisDatabase _database = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("dm-streaming-").FullName;

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>More rows than one COPY chunk, spread over a city; row <paramref name="badRow"/> (1-based) has a bad longitude.</summary>
    private string WritePoints(string name, int count, int badRow = 0)
    {
        var random = new Random(7);
        var text = new StringBuilder("id,period,avg_d_kbps,avg_u_kbps,tests,devices,lon,lat\n");
        for (var i = 1; i <= count; i++)
        {
            var lon = i == badRow ? "east" : (36.6 + random.NextDouble() * 0.4).ToString("0.000000", CultureInfo.InvariantCulture);
            var lat = (-1.5 + random.NextDouble() * 0.4).ToString("0.000000", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{i},2024Q{(i % 2 == 0 ? 1 : 3)},{1000 + i},{500 + i},{1 + i % 7},{1 + i % 3},{lon},{lat}\n");
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>
    /// GeoJSON speed points, larger than the prefix the single pass decides the field mapping from; feature
    /// <paramref name="late"/> also has avg_d_kbps, which the whole file maps as the download speed instead of download.
    /// </summary>
    private string WriteGeoJsonPoints(string name, int count, int late)
    {
        var random = new Random(7);
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (var i = 1; i <= count; i++)
        {
            var lon = (36.6 + random.NextDouble() * 0.4).ToString("0.000000", CultureInfo.InvariantCulture);
            var lat = (-1.5 + random.NextDouble() * 0.4).ToString("0.000000", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{(i > 1 ? ",\n" : "")}{{\"type\":\"Feature\",\"properties\":{{\"download\":{1000 + i},\"up\":500,")
                .Append(CultureInfo.InvariantCulture, $"\"tests\":{1 + i % 7},\"devices\":{1 + i % 3}{(i == late ? ",\"avg_d_kbps\":777" : "")}}},")
                .Append(CultureInfo.InvariantCulture, $"\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon},{lat}]}}}}");
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.Append("\n]}\n").ToString());
        Assert.True(new FileInfo(path).Length > 5 << 20); // the last features lie well past the single pass's 4 MB prefix
        return path;
    }

    private static ImportRequest Request(string path, string project) =>
        new(path, Path.GetFileName(path), project, new ImportOptions { Role = DatasetRole.Measurements });

    [Fact]
    public async Task StreamedRowsEqualTheBatchPathAndCommitTogether()
    {
        var count = StreamingStore.ChunkSize * 2 + 123;
        var path = WritePoints("speed.csv", count);
        await using var dataSource = _database.CreateDataSource();

        var result = await DatasetImporter.ImportAsync(dataSource, Request(path, "streamed"));
        Assert.True(result.StoredWhileReading);
        Assert.Equal(count, result.Dataset!.FeatureCount);

        // The same rows through the batch path (DatasetStore.SaveAsync), for comparison.
        var outcome = await ImportPipeline.ReadAsync(path, "speed.csv", new ImportOptions { Role = DatasetRole.Measurements });
        var batch = await DatasetStore.SaveAsync(dataSource,
            new DatasetToStore("batch", DatasetRole.Measurements, "speed", "speed.csv", outcome.Report.Sha256!, "EPSG:4326", null, null, null, "{}"),
            RoleRows.From(outcome, DatasetRole.Measurements));

        const string rows = "SELECT string_agg(format('%s %s %s %s %s %s', period, down_kbps, up_kbps, tests, devices, ST_AsText(geom)), ';' ORDER BY tests, down_kbps) FROM measurement WHERE dataset_id = ";
        Assert.Equal(await _database.ScalarAsync<string>(rows + batch.Id), await _database.ScalarAsync<string>(rows + result.Dataset.Id));
        Assert.Equal(count, await _database.ScalarAsync<int>($"SELECT feature_count FROM dataset WHERE id = {result.Dataset.Id}"));
        Assert.Equal("speed", await _database.ScalarAsync<string>($"SELECT name FROM dataset WHERE id = {result.Dataset.Id}"));
        Assert.Equal("EPSG:4326", await _database.ScalarAsync<string>($"SELECT source_crs FROM dataset WHERE id = {result.Dataset.Id}"));
        Assert.True(await _database.ScalarAsync<bool>($"SELECT report ? 'features' FROM dataset WHERE id = {result.Dataset.Id}"));
        // The rows are clustered per chunk in Z-order, not in file order.
        Assert.False(await _database.ScalarAsync<bool>(
            $"SELECT bool_and(tests = 1 + ((id - (SELECT min(id) FROM measurement WHERE dataset_id = {result.Dataset.Id}) + 1) % 7)) FROM measurement WHERE dataset_id = {result.Dataset.Id}"));
    }

    /// <summary>
    /// The end of a COPY takes as long as the server's per-row work that runs when the statement ends (the foreign-key
    /// checks of 2M rows took more than Npgsql's 30 s default command timeout under load; issue #13). Here a statement
    /// trigger makes that end take 2.5 s against a 1 s command timeout: the import must wait for it, not fail with
    /// "Exception while reading from stream". Both paths: streamed (CSV) and batch (DatasetStore.SaveAsync).
    /// </summary>
    [Fact]
    public async Task ASlowEndOfCopyOutlastsTheCommandTimeout()
    {
        await SlowAttachAsync(StreamingStore.ChunkSize + 10);
        var path = WritePoints("slow.csv", StreamingStore.ChunkSize + 10);
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString) { CommandTimeout = 1 }.ConnectionString;
        await using var dataSource = DataServiceCollectionExtensions.CreateDataSource(connectionString);

        var streamed = await DatasetImporter.ImportAsync(dataSource, Request(path, "slow"));
        Assert.True(streamed.StoredWhileReading);
        var outcome = await ImportPipeline.ReadAsync(path, "slow.csv", new ImportOptions { Role = DatasetRole.Measurements });
        var batch = await DatasetStore.SaveAsync(dataSource,
            new DatasetToStore("slow-batch", DatasetRole.Measurements, "slow", "slow.csv", outcome.Report.Sha256!, "EPSG:4326", null, null, null, "{}"),
            RoleRows.From(outcome, DatasetRole.Measurements));

        Assert.Equal(2L * (StreamingStore.ChunkSize + 10), await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
        Assert.Equal(StreamingStore.ChunkSize + 10, batch.FeatureCount);
        // The connection goes back to the pool with the command timeout it came with.
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var sleep = new Npgsql.NpgsqlCommand("SELECT pg_sleep(3)", connection);
        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => sleep.ExecuteNonQueryAsync());
    }

    /// <summary>
    /// Two first imports into one new project: the second waits on the first's uncommitted project row (and the same
    /// bytes on its dataset row) for as long as the first import runs, minutes for a large file, so those statements
    /// must not carry the command timeout either. The first's end of COPY takes 2.5 s against a 1 s timeout.
    /// </summary>
    [Fact]
    public async Task AnImportWaitsForAConcurrentImportIntoTheSameNewProjectBeyondTheCommandTimeout()
    {
        await SlowAttachAsync(3000);
        var one = WritePoints("one.csv", 3000);
        var other = WritePoints("other.csv", 3001);
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString) { CommandTimeout = 1 }.ConnectionString;
        await using var dataSource = DataServiceCollectionExtensions.CreateDataSource(connectionString);

        var results = await Task.WhenAll(
            Task.Run(() => DatasetImporter.ImportAsync(dataSource, Request(one, "new-project"))),
            Task.Run(() => DatasetImporter.ImportAsync(dataSource, Request(other, "new-project"))),
            Task.Run(() => DatasetImporter.ImportAsync(dataSource, Request(one, "new-project"))));

        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.Equal(2, results.Select(r => r.Dataset!.Id).Distinct().Count());
        Assert.Equal(6001L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
    }

    /// <summary>
    /// Makes the end of an import of about <paramref name="rows"/> rows take ≈ 2.5 s: an index on measurement whose
    /// expression sleeps per row, which the attach of the dataset's partition builds (the end of the import, where
    /// PostgreSQL builds the partition's indexes and checks its foreign key).
    /// </summary>
    private Task SlowAttachAsync(int rows)
    {
        var perRow = (2.5 / rows).ToString("0.000000", CultureInfo.InvariantCulture);
        return _database.ExecuteAsync($$"""
            CREATE FUNCTION slow_attach(id bigint) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM pg_sleep({{perRow}}); RETURN id; END $$;
            CREATE INDEX slow_attach ON measurement (slow_attach(id));
            """);
    }

    [Fact]
    public async Task ABadRowAfterTheFirstChunkStoresNothingNotEvenTheProject()
    {
        var path = WritePoints("bad.csv", StreamingStore.ChunkSize + 500, badRow: StreamingStore.ChunkSize + 100);
        await using var dataSource = _database.CreateDataSource();

        var result = await DatasetImporter.ImportAsync(dataSource, Request(path, "rejected"));

        Assert.False(result.Accepted);
        Assert.Single(result.Report.Problems);
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM project) + (SELECT count(*) FROM dataset) + (SELECT count(*) FROM measurement)"));
    }

    [Fact]
    public async Task AGeoJsonFileWhoseEndChangesTheFieldMappingIsStoredAsReadAgain()
    {
        // The rows streamed with the mapping of the file's beginning are rolled back; the second read streams them again.
        var path = WriteGeoJsonPoints("late.geojson", StreamingStore.ChunkSize * 2 + 500, late: StreamingStore.ChunkSize * 2 + 1);
        await using var dataSource = _database.CreateDataSource();

        var result = await DatasetImporter.ImportAsync(dataSource, Request(path, "late"));

        Assert.True(result.Accepted, string.Join("; ", result.Report.Problems.Select(p => p.Message)));
        Assert.True(result.StoredWhileReading);
        Assert.Equal(StreamingStore.ChunkSize * 2 + 500L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
        Assert.Equal(777.0, await _database.ScalarAsync<double>("SELECT sum(down_kbps) FROM measurement"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT (SELECT count(*) FROM project) * (SELECT count(*) FROM dataset)"));
    }

    [Fact]
    public async Task AGeoJsonFileCutNearTheEndStoresNothingNotEvenTheProject()
    {
        var path = WriteGeoJsonPoints("cut.geojson", StreamingStore.ChunkSize * 2 + 500, late: 0);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^40]);
        await using var dataSource = _database.CreateDataSource();

        var progress = new ImportProgress();

        var result = await DatasetImporter.ImportAsync(dataSource, Request(path, "cut") with { Progress = progress });

        Assert.False(result.Accepted);
        Assert.Contains("not valid JSON", Assert.Single(result.Report.Problems).Message);
        // The rows streamed before the cut was found were rolled back: a job polling this figure must not see them stored.
        Assert.Equal(0, progress.Snapshot().RowsStored);
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM project) + (SELECT count(*) FROM dataset) + (SELECT count(*) FROM measurement)"));
    }

    [Fact]
    public async Task TheSameBytesAgainAnswerWithTheStoredDataset()
    {
        var path = WritePoints("again.csv", 3000);
        await using var dataSource = _database.CreateDataSource();

        var first = await DatasetImporter.ImportAsync(dataSource, Request(path, "twice"));
        var second = await DatasetImporter.ImportAsync(dataSource, Request(path, "twice"));

        Assert.False(first.Dataset!.AlreadyExisted);
        Assert.True(second.Dataset!.AlreadyExisted);
        Assert.Equal(first.Dataset.Id, second.Dataset.Id);
        Assert.Equal(3000L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM dataset"));
    }

    [Fact]
    public async Task ConcurrentImportsOfTheSameBytesStoreOneDataset()
    {
        var path = WritePoints("race.csv", 20_000);
        await using var dataSource = _database.CreateDataSource();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => DatasetImporter.ImportAsync(dataSource, Request(path, "race")))));

        Assert.Single(results.Select(r => r.Dataset!.Id).Distinct());
        Assert.Equal(1, results.Count(r => !r.Dataset!.AlreadyExisted));
        Assert.Equal(20_000L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
    }
}
