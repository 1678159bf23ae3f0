using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace DivideMapper.Data.Tests;

/// <summary>
/// The Core analysis (NTS, ProjNet) against the same method written in PostGIS SQL (<see cref="PostgisReference"/>)
/// on the same stored tables. Core's figures are read back from settlement_result, so storage is covered too.
/// </summary>
public sealed class AnalysisMatchesPostgisTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const double Relative = 1e-6;
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData("giga-20", null)]            // mobile tests, the latest period (2024Q3)
    [InlineData("giga-good-5", "2024Q1")]    // mobile tests, the baseline
    [InlineData("itu-umc-2030", null)]       // fixed tests judged: the sample has none
    [InlineData("fcc-100-20", "2024Q1")]     // fixed target: no fixed coverage either
    public async Task SampleCityRunMatchesPostgis(string profile, string? period)
    {
        await using var dataSource = _database.CreateDataSource();
        var sample = Path.Combine(RepoPaths.Root, "sample-data");
        await ImportAsync(dataSource, "sample", Path.Combine(sample, "settlements.geojson"), DatasetRole.Settlements);
        await ImportAsync(dataSource, "sample", Path.Combine(sample, "coverage.zip"), DatasetRole.Coverage);
        await ImportAsync(dataSource, "sample", Path.Combine(sample, "cell_sites.csv"), DatasetRole.Sites);
        await ImportAsync(dataSource, "sample", Path.Combine(sample, "speed_tiles_2024q1.csv"), DatasetRole.Measurements, "2024Q1", Network.Mobile);
        await ImportAsync(dataSource, "sample", Path.Combine(sample, "speed_tiles_2024q3.csv"), DatasetRole.Measurements, "2024Q3", Network.Mobile);
        await ImportAsync(dataSource, "sample", Path.Combine(sample, "facilities.gpkg"), DatasetRole.Facilities);

        var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("sample", profile, Period: period), "test")).OrThrow();

        var compared = await AssertRunMatchesPostgisAsync(dataSource, run.RunId);
        Assert.Equal(25, compared.Rows);
        bool judgesMobile = ProfileCatalog.Find(profile)!.JudgedNetwork == Network.Mobile;
        // The requested period, else the latest of the profile's network (none: the sample has no fixed tests).
        Assert.All(run.Rows, r => Assert.Equal(period ?? (judgesMobile ? "2024Q3" : null), r.Period));
        Assert.Equal(judgesMobile, compared.WithMedians > 0); // the sample's tiles are mobile tests only
        if (ProfileCatalog.Find(profile)!.TargetTech != Tech.Fixed)
            Assert.True(compared.PartialGaps > 0, "the sample has settlements partly in the gap");
    }

    [Theory]
    [InlineData("itu-umc-2030")] // target 4G
    [InlineData("fcc-25-3")]     // target fixed
    public async Task SettlementStraddlingTwoCoveragePolygonsAndASiteDiskMatchesPostgis(string profile)
    {
        await using var dataSource = _database.CreateDataSource();
        using var dir = new TempDir();
        var files = HandMadeCity.Write(dir.Path);
        await ImportAsync(dataSource, "hand", files.Settlements, DatasetRole.Settlements);
        await ImportAsync(dataSource, "hand", files.Coverage, DatasetRole.Coverage);
        await ImportAsync(dataSource, "hand", files.Sites, DatasetRole.Sites);
        await ImportAsync(dataSource, "hand", files.Measurements, DatasetRole.Measurements);
        await ImportAsync(dataSource, "hand", files.Facilities, DatasetRole.Facilities);

        var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("hand", profile), "test")).OrThrow();

        var compared = await AssertRunMatchesPostgisAsync(dataSource, run.RunId);
        Assert.Equal(3, compared.Rows);
        // The straddling settlement is partly covered at every level, the second one fully covered at 4G.
        var straddler = run.Rows.Single(r => r.Name == "Straddle");
        Assert.InRange(straddler.CoveredShare4g, 0.05, 0.95);
        Assert.InRange(straddler.CoveredShare2g, straddler.CoveredShare3g, 0.999);
        Assert.Equal(0.5, straddler.MedianDownMbps); // ties and a zero-test row: see HandMadeCity
        Assert.Equal(1.0, run.Rows.Single(r => r.Name == "Inside").CoveredShare4g);
    }

    [Fact]
    public async Task TileTouchingTenPercentCountsATenthOfItsTestsLikePostgis()
    {
        await using var dataSource = _database.CreateDataSource();
        using var dir = new TempDir();
        var files = HandMadeCity.WriteTiles(dir.Path);
        await ImportAsync(dataSource, "tiles", files.Settlements, DatasetRole.Settlements);
        await ImportAsync(dataSource, "tiles", files.Coverage, DatasetRole.Coverage);
        await ImportAsync(dataSource, "tiles", files.Sites, DatasetRole.Sites);
        await ImportAsync(dataSource, "tiles", files.Measurements, DatasetRole.Measurements);
        await ImportAsync(dataSource, "tiles", files.Facilities, DatasetRole.Facilities);

        var mobile = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("tiles", "giga-20"), "test")).OrThrow();
        var compared = await AssertRunMatchesPostgisAsync(dataSource, mobile.RunId);
        Assert.Equal(2, compared.Rows);
        var tiled = mobile.Rows.Single(r => r.Name == "Tiled");
        // Whole tiles would give 50 Mbit/s (weights 40 : 100); tests × share gives 2 (40 : 10). The fixed tile and the
        // 2024Q1 tile do not count.
        Assert.Equal((2.0, 0.5, 80.0), (tiled.MedianDownMbps, tiled.MedianUpMbps, tiled.MedianLatencyMs));
        Assert.Equal((50, 19), (tiled.Tests, tiled.Devices)); // ⌊40 + 100·0.1⌋, ⌊15 + 40·0.1⌋
        Assert.Equal("2024Q3", tiled.Period);
        Assert.Equal("covered_slow", tiled.GapClass);
        // Fixed coverage never counts as mobile: Tiled is wholly 4G, half fixed.
        Assert.Equal(1.0, tiled.CoveredShare4g);
        Assert.InRange(tiled.CoveredShareFixed, 0.49, 0.51);
        // The neighbour gets its own 20 % of the fast tile: 20 tests, 8 devices → withheld, counts and all.
        var neighbour = mobile.Rows.Single(r => r.Name == "Neighbour");
        Assert.True(neighbour.Suppressed);
        Assert.Equal((null, null, null), (neighbour.Tests, neighbour.Devices, neighbour.MedianDownMbps));

        var fixedRun = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("tiles", "fcc-100-20"), "test")).OrThrow();
        await AssertRunMatchesPostgisAsync(dataSource, fixedRun.RunId);
        var tiledFixed = fixedRun.Rows.Single(r => r.Name == "Tiled");
        Assert.Equal((300.0, 60, 30), (tiledFixed.MedianDownMbps!.Value, tiledFixed.Tests, tiledFixed.Devices));
        Assert.InRange(tiledFixed.GapShare, 0.49, 0.51); // fixed target: the gap is the half without fixed coverage

        var baseline = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("tiles", "giga-20", Period: "2024Q1"), "test")).OrThrow();
        await AssertRunMatchesPostgisAsync(dataSource, baseline.RunId);
        Assert.Equal(90.0, baseline.Rows.Single(r => r.Name == "Tiled").MedianDownMbps);
    }

    private sealed record Compared(int Rows, int WithMedians, int PartialGaps);

    private async Task<Compared> AssertRunMatchesPostgisAsync(NpgsqlDataSource dataSource, long runId)
    {
        var stored = await StoredRowsAsync(dataSource, runId);
        var reference = (await PostgisReference.ComputeAsync(dataSource, runId)).ToDictionary(r => r.SettlementId);
        Assert.Equal(reference.Keys.Order(), stored.Select(s => s.SettlementId));

        double maxArea = 0, maxGap = 0, maxShare = 0;
        foreach (var s in stored)
        {
            var p = reference[s.SettlementId];
            maxArea = Math.Max(maxArea, Check(s, "area_m2", s.AreaM2, p.AreaM2, p.AreaM2));
            // Relative to the gap itself; a zero gap (either side) against 1e-6 of the settlement's area.
            double gapScale = s.GapAreaM2 > 0 && p.GapAreaAtTarget > 0 ? p.GapAreaAtTarget : p.AreaM2;
            maxGap = Math.Max(maxGap, Check(s, "gap_area_m2", s.GapAreaM2, p.GapAreaAtTarget, gapScale));
            for (int rank = 2; rank <= 6; rank++)
                maxShare = Math.Max(maxShare, Check(s, rank == 6 ? "covered_share_fixed" : $"covered_share_{rank}g", s.CoveredShares[rank - 2],
                    p.CoveredShareByRank[rank], 1));
            Assert.Equal((p.MedianDownMbps, p.MedianUpMbps, p.MedianLatencyMs), (s.MedianDownMbps, s.MedianUpMbps, s.MedianLatencyMs));
            // Below the floor the stored row carries no counts at all (DESIGN §6).
            Assert.Equal((p.Suppressed ? null : p.Tests, p.Suppressed ? null : p.Devices, p.Suppressed, p.Facilities),
                (s.Tests, s.Devices, s.Suppressed, s.Facilities));
            Assert.Equal(p.Period, s.Period);
        }

        // Gap polygons are stored in EPSG:4326 (unprojected by ProjNet) and measured here after PROJ projects them back.
        double maxPolygon = 0;
        await using (var command = dataSource.CreateCommand("""
            SELECT g.settlement_id, ST_Area(ST_Transform(g.geom, run.metric_srid)), g.area_m2, r.gap_area_m2, r.area_m2
            FROM gap_area g JOIN run ON run.id = g.run_id
            JOIN settlement_result r ON r.run_id = g.run_id AND r.settlement_id = g.settlement_id
            WHERE g.run_id = @run
            """))
        {
            command.Parameters.AddWithValue("run", runId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Assert.Equal(reader.GetDouble(3), reader.GetDouble(2));
                double polygon = reader.GetDouble(1), gap = reader.GetDouble(3);
                double relative = Math.Abs(polygon - gap) / gap;
                maxPolygon = Math.Max(maxPolygon, relative);
                Assert.True(relative <= Relative,
                    $"settlement {reader.GetInt64(0)}: stored gap polygon measures {polygon:R} m² in PostGIS, gap_area_m2 is {gap:R} (relative {relative:E2})");
            }
        }
        int withGaps = stored.Count(s => s.GapAreaM2 > 0);
        Assert.Equal(withGaps, await CountGapPolygonsAsync(dataSource, runId));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {runId}: {stored.Count} rows; max relative difference Core vs PostGIS: area {maxArea:E2}, gap {maxGap:E2}, share {maxShare:E2}; stored gap polygon vs gap_area_m2 {maxPolygon:E2}"));
        return new Compared(stored.Count, stored.Count(s => s.MedianDownMbps is not null),
            stored.Count(s => s.GapAreaM2 > 0 && s.GapAreaM2 < s.AreaM2 * 0.999));
    }

    /// <summary>|core − postgis| / scale, asserted ≤ 1e-6; returns it for the summary line.</summary>
    private static double Check(StoredRow s, string column, double core, double postgis, double scale)
    {
        double relative = Math.Abs(core - postgis) / scale;
        Assert.True(relative <= Relative,
            $"settlement {s.SettlementId} {column}: Core {core:R}, PostGIS {postgis:R} (difference {relative:E2} of {scale:R})");
        return relative;
    }

    private static async Task<long> CountGapPolygonsAsync(NpgsqlDataSource dataSource, long runId)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM gap_area WHERE run_id = @run");
        command.Parameters.AddWithValue("run", runId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed record StoredRow(long SettlementId, double AreaM2, double[] CoveredShares, double GapAreaM2,
        double? MedianDownMbps, double? MedianUpMbps, double? MedianLatencyMs, long? Tests, long? Devices, bool Suppressed, int Facilities,
        string? Period);

    private static async Task<List<StoredRow>> StoredRowsAsync(NpgsqlDataSource dataSource, long runId)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT settlement_id, area_m2, covered_share_2g, covered_share_3g, covered_share_4g, covered_share_5g, gap_area_m2,
                   median_down_mbps, median_up_mbps, median_latency_ms, tests, devices, suppressed, facilities, covered_share_fixed, period
            FROM settlement_result WHERE run_id = @run ORDER BY settlement_id
            """);
        command.Parameters.AddWithValue("run", runId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredRow>();
        double? Nullable(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
        while (await reader.ReadAsync())
            rows.Add(new StoredRow(reader.GetInt64(0), reader.GetDouble(1),
                [reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(14)], reader.GetDouble(6),
                Nullable(7), Nullable(8), Nullable(9), reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetInt32(11),
                reader.GetBoolean(12), reader.GetInt32(13), reader.IsDBNull(15) ? null : reader.GetString(15)));
        return rows;
    }

    private static async Task ImportAsync(NpgsqlDataSource dataSource, string project, string path, DatasetRole role, string? period = null,
        Network? network = null)
    {
        var result = await DatasetImporter.ImportAsync(dataSource,
            new ImportRequest(path, Path.GetFileName(path), project, new ImportOptions { Role = role, Period = period, Network = network }));
        Assert.True(result.Accepted, $"{path} was rejected: {string.Join("; ", result.Report.Problems.Select(p => p.Message))}");
    }
}
