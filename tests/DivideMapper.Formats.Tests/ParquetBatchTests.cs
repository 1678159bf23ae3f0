using DivideMapper.Core.Domain;
using DivideMapper.Core.Geo;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.ParquetFiles;
using DivideMapper.Formats.Tests.Corpus;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using ParquetSharp;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// Parquet as pyarrow writes it (parquet-cpp, here through ParquetSharp: many pages per column chunk, column_orders in
/// the footer, optional columns), read batch by batch: row groups larger than a batch, batches spanning pages, batches
/// without a kept row, nulls in a WKB column, and damaged bytes anywhere in a file.
/// </summary>
public sealed class ParquetBatchTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static readonly ClipBox NairobiBox = ClipBox.Around(36.79, -1.31, 36.83, -1.27, 2000);

    private static Task<ImportOutcome> ReadAsync(string path, ImportOptions options) =>
        ImportPipeline.ReadAsync(path, Path.GetFileName(path), options, null);

    /// <summary>Small pages (1 KB), so that one batch's values come from many pages.</summary>
    private static WriterProperties SmallPages() => new WriterPropertiesBuilder().Compression(Compression.Snappy).DataPagesize(1024).Build();

    /// <summary>
    /// Ookla's columns, one row group per entry of <paramref name="groups"/>, each row at the given place; avg_d_kbps is the
    /// row's number, avg_lat_ms null in the first row of every 7 of a group.
    /// </summary>
    private string WriteOokla(string name, params (double Lon, double Lat)[][] groups)
    {
        var path = _dir.File(name);
        Column[] columns = [new Column<string>("quadkey"), new Column<string>("tile"), new Column<long?>("avg_d_kbps"), new Column<long?>("avg_lat_ms"), new Column<long?>("tests")];
        using var properties = SmallPages();
        using var writer = new ParquetFileWriter(path, columns, properties);
        var row = 0L;
        foreach (var places in groups)
        {
            var quadkeys = places.Select(p => Quadkey.ToQuadkey(p.Lon, p.Lat, 16)).ToArray();
            using var group = writer.AppendRowGroup();
            using (var c = group.NextColumn().LogicalWriter<string>()) c.WriteBatch(quadkeys);
            using (var c = group.NextColumn().LogicalWriter<string>()) c.WriteBatch(quadkeys.Select(q => Quadkey.ToPolygon(q).AsText()).ToArray());
            using (var c = group.NextColumn().LogicalWriter<long?>()) c.WriteBatch(places.Select((_, i) => (long?)(row + i + 1)).ToArray());
            using (var c = group.NextColumn().LogicalWriter<long?>()) c.WriteBatch(places.Select((_, i) => i % 7 == 0 ? null : (long?)25).ToArray());
            using (var c = group.NextColumn().LogicalWriter<long?>()) c.WriteBatch(places.Select(_ => (long?)12).ToArray());
            row += places.Length;
        }
        writer.Close();
        return path;
    }

    [Fact]
    public async Task KeptRowsKeepTheirOwnValuesAcrossBatchesPagesAndSkippedBatches()
    {
        // One row group of three batches and a bit: distinct tiles around Paris but rows 6, 40,000 and the last one, in
        // Nairobi. The third batch (rows 65,537–98,304) keeps no row, so its other columns are passed over, not read.
        var rows = 3 * RowGroupBatchReader.BatchRows + 1_000;
        var nairobi = new Dictionary<int, (double, double)> { [6] = (36.80, -1.30), [40_000] = (36.81, -1.29), [rows] = (36.82, -1.28) };
        var places = Enumerable.Range(1, rows).Select(r => nairobi.GetValueOrDefault(r, AroundParis(r))).ToArray();
        var path = WriteOokla("tiles.parquet", places);

        var outcome = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements, Period = "2024Q1", ClipBox = NairobiBox });
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal((3, rows - 3L), (outcome.Report.Imported, outcome.Report.OutsideProjectArea));
        Assert.Equal(nairobi.Keys.Select(r => (double)r), outcome.Measurements.Select(m => m.DownKbps!.Value));
        Assert.All(outcome.Measurements, m => Assert.True(m.Geometry.EqualsTopologically(Quadkey.ToPolygon(m.Quadkey!))));

        // Without a project area every row is read, the optional avg_lat_ms column's nulls included (rows 1, 8, 15 …).
        var all = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements, Period = "2024Q1" });
        Assert.True(all.Accepted, string.Join("; ", all.Report.Problems.Select(p => p.Message)));
        Assert.Equal(rows, all.Report.Imported);
        Assert.Equal(Enumerable.Range(1, rows).Select(r => (double)r), all.Measurements.Select(m => m.DownKbps!.Value));
        Assert.Equal([null, 25, 25, 25, 25, 25, 25, null], all.Measurements.Take(8).Select(m => m.LatencyMs));
    }

    /// <summary>Row <paramref name="row"/>'s own z16 tile near Paris (300 tiles a row of the grid): ids stay unique.</summary>
    private static (double Lon, double Lat) AroundParis(int row) => (2.0 + row % 300 * 0.006, 48.0 + row / 300 * 0.004);

    [Fact]
    public async Task ProgressMovesBatchByBatchWithinAFileOfOneRowGroup()
    {
        var rows = 3 * RowGroupBatchReader.BatchRows + 1_000;
        var path = WriteOokla("tiles.parquet", Enumerable.Range(1, rows).Select(AroundParis).ToArray());
        var progress = new ImportProgress();
        var sampler = new ImportProgressTests.Sampler(progress);

        var outcome = await ImportPipeline.ReadAsync(path, "tiles.parquet", new ImportOptions { Role = DatasetRole.Measurements, Period = "2024Q1" }, sampler, progress);

        Assert.True(outcome.Streamed);
        // Reading is 60 % of the bar; each batch reports the rows before it: 0, 32,768, 65,536 and 98,304 of 99,304.
        var figures = new[] { 1, RowGroupBatchReader.BatchRows + 1, 2 * RowGroupBatchReader.BatchRows + 1, rows }.Select(r => sampler.Seen[r - 1]).ToList();
        Assert.Equal([0, 32_768, 65_536, 98_304], figures.Select(f => f.RowsRead));
        Assert.All(figures, f => Assert.Equal(0.6 * f.RowsRead / rows, f.Progress, 9));
        Assert.Equal(0.6, progress.Snapshot().Progress, 9);
    }

    [Fact]
    public async Task RowGroupsOfPyarrowStyleFilesAreSkippedByTheirStatistics()
    {
        // parquet-cpp keeps min_value/max_value (and column_orders): row group 2, Paris … Berlin, misses Nairobi.
        var path = WriteOokla("tiles.parquet", [(36.80, -1.30), (36.81, -1.29)], [(2.35, 48.85), (13.40, 52.52)], [(36.82, -1.28)]);
        // Damage row group 2's pages: were it read, the import would fail.
        long offset, length;
        await using (var reader = await Parquet.ParquetReader.CreateAsync(path))
        {
            using var group = reader.OpenRowGroupReader(1);
            var tiles = group.RowGroup.Columns[1].MetaData!;
            (offset, length) = (tiles.DictionaryPageOffset ?? tiles.DataPageOffset, tiles.TotalCompressedSize);
        }
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Seek(offset, SeekOrigin.Begin);
            file.Write(Enumerable.Repeat((byte)0xFF, (int)length).ToArray());
        }
        var clipped = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements, ClipBox = NairobiBox });
        Assert.True(clipped.Accepted, string.Join("; ", clipped.Report.Problems.Select(p => p.Message)));
        Assert.Equal((3, 2L), (clipped.Report.Imported, clipped.Report.OutsideProjectArea));

        var everything = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements });
        var damage = Assert.Single(everything.Report.Problems);
        Assert.Equal(ErrorCodes.UnreadableFile, damage.Code);
        Assert.Contains("tiles.parquet", damage.Message);
        Assert.Contains("row group 2 of 3 (rows 3–4) cannot be read", damage.Message);
    }

    /// <summary>GeoParquet whose WKB column is optional: a null is a row without geometry (Parquet.Net 6.1 could not read such a column).</summary>
    [Fact]
    public async Task NullsInAnOptionalWkbColumnAreRowsWithoutGeometry()
    {
        var path = _dir.File("areas.parquet");
        var squares = new[] { Square(36.80, -1.30), null, Square(36.82, -1.30), null, Square(36.84, -1.30) };
        var geo = """{"version":"1.1.0","primary_column":"geometry","columns":{"geometry":{"encoding":"WKB","geometry_types":["Polygon"]}}}""";
        using (var properties = SmallPages())
        using (var writer = new ParquetFileWriter(path, [new Column<string>("name"), new Column<byte[]>("geometry")], properties,
                   new Dictionary<string, string> { ["geo"] = geo }))
        {
            using var group = writer.AppendRowGroup();
            using (var c = group.NextColumn().LogicalWriter<string>()) c.WriteBatch(squares.Select((_, i) => $"area {i + 1}").ToArray());
            using (var c = group.NextColumn().LogicalWriter<byte[]>()) c.WriteBatch(squares.Select(g => g is null ? null! : new WKBWriter().Write(g)).ToArray());
            writer.Close();
        }
        var outcome = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Settlements, SkipInvalid = true });
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal("geoparquet", outcome.Report.Format);
        Assert.Equal(["area 1", "area 3", "area 5"], outcome.Settlements.Select(s => s.Name));
        Assert.Equal([(2, ErrorCodes.EmptyGeometry), (4, ErrorCodes.EmptyGeometry)], outcome.Report.Problems.Select(p => (p.Feature!.Value, p.Code)));
    }

    [Fact]
    public async Task OurGeoParquetExportImportsBack()
    {
        // Written by Parquet.Net (GeoParquetWriter): an optional WKB column with a null, optional text, real and boolean columns.
        var schema = new FeatureSchema(new FeatureColumn("name", ColumnType.Text), new FeatureColumn("share", ColumnType.Real, Decimals: 3),
            new FeatureColumn("ok", ColumnType.Boolean), new FeatureColumn("count", ColumnType.Integer));
        FeatureRow[] rows =
        [
            new(Square(36.80, -1.30), ["area 1", 0.25, true, 7L]),
            new(null, ["area 2", null, null, null]),
            new(Square(36.82, -1.30), ["area 3", 0.5, false, -3L]),
        ];
        var path = _dir.File("export.parquet");
        await using (var file = File.Create(path))
            await GeoParquetWriter.WriteAsync(file, schema, rows.ToAsyncEnumerable());

        var outcome = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Settlements, SkipInvalid = true });
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal(("geoparquet", "EPSG:4326"), (outcome.Report.Format, outcome.Report.SourceCrs));
        Assert.Equal(["area 1", "area 3"], outcome.Settlements.Select(s => s.Name));
        Assert.True(outcome.Settlements[1].Geometry.EqualsTopologically(Square(36.82, -1.30)));
        Assert.Equal((2, ErrorCodes.EmptyGeometry), (Assert.Single(outcome.Report.Problems).Feature!.Value, outcome.Report.Problems[0].Code));
    }

    [Fact]
    public void LegacyInt96TimestampsAreUtcText()
    {
        // 1.5 h after midnight of Julian day 2,440,589 (1970-01-02): 5.4e12 ns, split into two 32-bit halves.
        const long nanoseconds = 5_400_000_000_000;
        var value = new Int96((int)(nanoseconds & 0xFFFF_FFFF), (int)(nanoseconds >> 32), 2_440_589);
        Assert.Equal("1970-01-02T01:30:00.0000000Z", ParquetValues.Convert(value));
    }

    private static Polygon Square(double x, double y) => new GeometryFactory().CreatePolygon(
        [new(x, y), new(x + 0.01, y), new(x + 0.01, y + 0.01), new(x, y + 0.01), new(x, y)]);

    [Fact]
    public async Task DamagedBytesAnywhereAreAProblemNeverACrash()
    {
        // Every 7th byte position in turn overwritten (signatures kept): page headers, compressed pages, levels, the footer.
        var path = WriteOokla("tiles.parquet", [(36.80, -1.30), (36.81, -1.29), (2.35, 48.85)], [(36.82, -1.28), (13.40, 52.52)]);
        var bytes = await File.ReadAllBytesAsync(path);
        var damaged = _dir.File("damaged.parquet");
        var unreadable = 0;
        for (var at = 4; at < bytes.Length - 4; at += 7)
        {
            var copy = bytes.ToArray();
            copy[at] ^= 0x5A;
            copy[at + 1] = 0xFF;
            await File.WriteAllBytesAsync(damaged, copy);
            foreach (var clip in new ClipBox?[] { null, NairobiBox })
            {
                var outcome = await ReadAsync(damaged, new ImportOptions { Role = DatasetRole.Measurements, ClipBox = clip });
                Assert.True(outcome.Accepted || outcome.Report.Problems.Count > 0, $"byte {at}: refused without a reason");
                if (outcome.Report.Problems.Any(p => p.Code == ErrorCodes.UnreadableFile)) unreadable++;
            }
        }
        Assert.True(unreadable > 0); // the damage was found, not only survived
    }
}
