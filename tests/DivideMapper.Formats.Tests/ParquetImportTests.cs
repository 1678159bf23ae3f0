using DivideMapper.Core.Domain;
using DivideMapper.Core.Geo;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Parquet;
using Parquet.Schema;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// Ookla's open-data Parquet (quadkey, tile as WKT, speeds) and GeoParquet (geo metadata, WKB), written here with
/// Parquet.Net (one page per column chunk, no column_orders) and, in <see cref="ParquetBatchTests"/>, with ParquetSharp
/// (pyarrow's parquet-cpp: pages, column_orders); read in batches through the same mapping, validation and clipping as CSV.
/// </summary>
public sealed class ParquetImportTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private sealed class Recorder : IRowStream
    {
        public List<object> Rows { get; } = [];
        public void Begin(string sha256) { }
        public void Add(object row, ImportedRow source) => Rows.Add(row);

        public Task DiscardAsync()
        {
            Rows.Clear();
            return Task.CompletedTask;
        }
    }

    private static readonly DataField<string> QuadkeyField = new("quadkey");
    private static readonly DataField<string> TileField = new("tile");
    private static readonly DataField<long> Down = new("avg_d_kbps");
    private static readonly DataField<long> Up = new("avg_u_kbps");
    private static readonly DataField<long> Latency = new("avg_lat_ms");
    private static readonly DataField<long> Tests = new("tests");
    private static readonly DataField<long> Devices = new("devices");

    /// <summary>An Ookla-shaped file: z16 tiles around (lon, lat) pairs, one row group per <paramref name="groupSize"/> rows.</summary>
    private async Task<string> WriteOoklaAsync(string name, IReadOnlyList<(double Lon, double Lat)> places, int groupSize = 2,
        Func<int, string, string>? tileText = null)
    {
        var path = _dir.File(name);
        var schema = new ParquetSchema(QuadkeyField, TileField, Down, Up, Latency, Tests, Devices);
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, file);
        for (var start = 0; start < places.Count; start += groupSize)
        {
            var part = places.Skip(start).Take(groupSize).ToList();
            var quadkeys = part.Select(p => Quadkey.ToQuadkey(p.Lon, p.Lat, 16)).ToList();
            var tiles = quadkeys.Select((q, i) => tileText?.Invoke(start + i + 1, Quadkey.ToPolygon(q).AsText()) ?? Quadkey.ToPolygon(q).AsText()).ToList();
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(QuadkeyField, quadkeys);
            await group.WriteAsync(TileField, tiles);
            await group.WriteAsync<long>(Down, new ReadOnlyMemory<long>(part.Select((_, i) => 10_000L + start + i).ToArray()));
            await group.WriteAsync<long>(Up, new ReadOnlyMemory<long>(part.Select(_ => 3_000L).ToArray()));
            await group.WriteAsync<long>(Latency, new ReadOnlyMemory<long>(part.Select(_ => 25L).ToArray()));
            await group.WriteAsync<long>(Tests, new ReadOnlyMemory<long>(part.Select(_ => 12L).ToArray()));
            await group.WriteAsync<long>(Devices, new ReadOnlyMemory<long>(part.Select(_ => 4L).ToArray()));
        }
        return path;
    }

    private static readonly (double, double)[] Nairobi = [(36.80, -1.30), (36.81, -1.29), (36.82, -1.28)];

    private static Task<ImportOutcome> ReadAsync(string path, ImportOptions options, IRowStream? stream = null) =>
        ImportPipeline.ReadAsync(path, Path.GetFileName(path), options, stream);

    [Fact]
    public async Task OoklaParquetBecomesMeasurementTilesRowGroupByRowGroup()
    {
        var path = await WriteOoklaAsync("2024-01-01_performance_mobile_tiles.parquet", Nairobi);
        var outcome = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements, Period = "2024Q1" });
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal("ookla-parquet", outcome.Report.Format);
        Assert.Equal("Polygon", outcome.Report.GeometryType);
        Assert.Equal(3, outcome.Report.Imported);
        var m = outcome.Measurements;
        Assert.Equal([10_000d, 10_001d, 10_002d], m.Select(x => x.DownKbps!.Value)); // across two row groups, in order
        Assert.Equal(Quadkey.ToQuadkey(36.80, -1.30, 16), m[0].Quadkey);
        Assert.Equal((3000d, 25d, 12, 4, "2024Q1"), (m[0].UpKbps!.Value, m[0].LatencyMs!.Value, m[0].Tests, m[0].Devices, m[0].Period));
        Assert.True(m[0].Geometry.EqualsTopologically(Quadkey.ToPolygon(m[0].Quadkey!)));

        // The same rows stream to the store as they are read (Ookla's tiles are WGS 84).
        var recorder = new Recorder();
        var streamed = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements, Period = "2024Q1" }, recorder);
        Assert.True(streamed.Streamed);
        Assert.Equal(m.Select(x => x.ToString()), recorder.Rows.Select(r => r.ToString()));
        Assert.Equal("2024Q1", streamed.MeasurementSummary!.Period);
    }

    [Fact]
    public async Task WorldWideOoklaParquetIsClippedToTheProjectBeforeItsTilesAreParsed()
    {
        // Two tiles in Nairobi, two far away; one far tile's WKT is broken, which must not reject the file.
        var places = Nairobi.Take(2).Concat([(2.35, 48.85), (-74.0, 40.7)]).ToList();
        var path = await WriteOoklaAsync("world.parquet", places, tileText: (row, wkt) => row == 4 ? "POLYGON((1 2, 3" : wkt);
        var options = new ImportOptions { Role = DatasetRole.Measurements, ClipBox = ClipBox.Around(36.79, -1.31, 36.83, -1.27, 2000) };
        var outcome = await ReadAsync(path, options);
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal(2, outcome.Report.Imported);
        Assert.Equal(2, outcome.Report.OutsideProjectArea);
        Assert.Equal(4, outcome.Report.Features);
        Assert.All(outcome.Measurements, x => Assert.True(x.Geometry.Centroid.X is > 36 and < 37));
    }

    /// <summary>Overwrites the <c>tile</c> column's pages (headers included) in row group <paramref name="group"/>: decoding it fails.</summary>
    private static async Task DamageTilesAsync(string path, int group)
    {
        long offset, length;
        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var chunk = rowGroup.RowGroup.Columns[1].MetaData!;
            (offset, length) = (chunk.DictionaryPageOffset ?? chunk.DataPageOffset, chunk.TotalCompressedSize);
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Seek(offset, SeekOrigin.Begin);
        file.Write(Enumerable.Repeat((byte)0xFF, (int)length).ToArray());
    }

    [Fact]
    public async Task RowGroupsOutsideTheProjectAreaAreSkippedUndecodedAndCounted()
    {
        // Row group 1: Nairobi (kept). Row group 2: Paris and Berlin, whose quadkey range (statistics) misses Nairobi: skipped
        // unread. Row group 3: Paris and Sydney, a quadkey range that spans Nairobi's, so its quadkeys are read; none is
        // kept, so nothing else is decoded. Row group 4: Tokyo without WKT (null), then a Nairobi tile: partly kept.
        (double, double)[] places = [Nairobi[0], Nairobi[1], (2.35, 48.85), (13.40, 52.52), (2.35, 48.86), (151.2, -33.87), (139.7, 35.68), Nairobi[2]];
        var path = await WriteOoklaAsync("2024-01-01_performance_mobile_tiles.parquet", places, tileText: (row, wkt) => row == 7 ? null! : wkt);
        await DamageTilesAsync(path, 1);
        await DamageTilesAsync(path, 2);

        var everything = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements, Period = "2024Q1" });
        Assert.False(everything.Accepted); // the damage is real: read without a project area, row group 2 cannot be decoded
        var damage = Assert.Single(everything.Report.Problems);
        Assert.Equal(ErrorCodes.UnreadableFile, damage.Code);
        Assert.Contains("row group 2 of 4 (rows 3–4) cannot be read", damage.Message);

        var options = new ImportOptions { Role = DatasetRole.Measurements, Period = "2024Q1", ClipBox = ClipBox.Around(36.79, -1.31, 36.83, -1.27, 2000) };
        var clipped = await ReadAsync(path, options);
        Assert.True(clipped.Accepted, string.Join("; ", clipped.Report.Problems.Select(p => p.Message)));
        Assert.Equal((8, 3, 5L), (clipped.Report.Features, clipped.Report.Imported, clipped.Report.OutsideProjectArea));
        Assert.Equal([10_000d, 10_001d, 10_007d], clipped.Measurements.Select(m => m.DownKbps!.Value)); // the kept rows' own values
        var last = clipped.Measurements[2];
        Assert.Equal(Quadkey.ToQuadkey(Nairobi[2].Item1, Nairobi[2].Item2, 16), last.Quadkey);
        Assert.True(last.Geometry.EqualsTopologically(Quadkey.ToPolygon(last.Quadkey!))); // its own WKT, past the null one
    }

    [Fact]
    public async Task OnlyTheKeptRowsCountAgainstTheFeatureCap()
    {
        // One row group: three Nairobi tiles, then one far away. Three kept rows exceed a cap of two.
        var path = await WriteOoklaAsync("tiles.parquet", [.. Nairobi, (2.35, 48.85)], groupSize: 4);
        var box = ClipBox.Around(36.79, -1.31, 36.83, -1.27, 2000);
        var capped = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements, ClipBox = box, Limits = new ImportLimits { MaxFeatures = 2 } });
        Assert.Equal(ErrorCodes.TooManyFeatures, Assert.Single(capped.Report.Problems).Code);
        var fits = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements, ClipBox = box, Limits = new ImportLimits { MaxFeatures = 3 } });
        Assert.True(fits.Accepted);
        Assert.Equal((3, 1L), (fits.Report.Imported, fits.Report.OutsideProjectArea));
    }

    [Theory]
    [InlineData(36.0, -0.5, 37.5, -2.0, true)]   // the north-west and south-east corners of a box around Nairobi
    [InlineData(2.35, 48.85, 151.2, -33.87, true)] // Paris … Sydney: Nairobi's quadkeys lie between
    [InlineData(2.35, 48.85, 13.40, 52.52, false)] // Paris … Berlin
    [InlineData(36.9, -1.2, 36.9, -1.2, false)]    // one tile, just beyond the margin
    public void AQuadkeyRangeTouchesTheBoxOnlyWhenATileBetweenItsEndsDoes(double lon1, double lat1, double lon2, double lat2, bool touches)
    {
        var box = ClipBox.Around(36.79, -1.31, 36.83, -1.27, 2000);
        var (a, b) = (Quadkey.ToQuadkey(lon1, lat1, 16), Quadkey.ToQuadkey(lon2, lat2, 16));
        var (min, max) = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
        Assert.Equal(touches, ParquetFiles.QuadkeyRange.MayTouch(min, max, box));
    }

    [Fact]
    public void StatisticsThatAreNotTwoQuadkeysOfOneZoomNeverSkipARowGroup()
    {
        var box = ClipBox.Around(36.79, -1.31, 36.83, -1.27, 2000);
        Assert.True(ParquetFiles.QuadkeyRange.MayTouch(null, "1202", box));
        Assert.True(ParquetFiles.QuadkeyRange.MayTouch("12", "1202", box));
        Assert.True(ParquetFiles.QuadkeyRange.MayTouch("1202", "12x2", box));
        Assert.True(ParquetFiles.QuadkeyRange.MayTouch("1203", "1202", box));
    }

    [Fact]
    public async Task BadWktInARowIsAProblemNamingTheRow()
    {
        var path = await WriteOoklaAsync("tiles.parquet", Nairobi, tileText: (row, wkt) => row == 2 ? "POLYGON((36.8 -1.3, 36.81" : wkt);
        var outcome = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements });
        Assert.False(outcome.Accepted);
        var problem = Assert.Single(outcome.Report.Problems);
        Assert.Equal(2, problem.Feature);
        Assert.Equal(ErrorCodes.InvalidGeometry, problem.Code);
        Assert.StartsWith("tiles.parquet, row 2", problem.Message);
    }

    /// <summary>A GeoParquet 1.1 file with WKB geometries; <paramref name="crs"/> is the column's crs member as JSON (null: absent).</summary>
    private async Task<string> WriteGeoParquetAsync(string name, IReadOnlyList<Geometry> geometries, string? crs, string column = "geometry",
        IReadOnlyList<byte[]>? rawWkb = null)
    {
        var path = _dir.File(name);
        var geometryField = new DataField<byte[]>("geometry");
        var nameField = new DataField<string>("name");
        var kindField = new DataField<string>("kind");
        var schema = new ParquetSchema(nameField, kindField, geometryField);
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, file);
        var crsMember = crs is null ? "" : $",\"crs\":{crs}";
        writer.CustomMetadata = new Dictionary<string, string>
        {
            ["geo"] = "{\"version\":\"1.1.0\",\"primary_column\":\"" + column + "\",\"columns\":{\"" + column +
                      "\":{\"encoding\":\"WKB\",\"geometry_types\":[\"Polygon\"]" + crsMember + "}}}",
        };
        var wkb = new WKBWriter();
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(nameField, geometries.Select((_, i) => $"area {i + 1}").ToList());
        await group.WriteAsync(kindField, geometries.Select(_ => "informal").ToList());
        await group.WriteAsync(geometryField, rawWkb ?? geometries.Select(g => wkb.Write(g)).ToList());
        return path;
    }

    private static Polygon Square(double x, double y, double size) => new GeometryFactory().CreatePolygon(
        [new(x, y), new(x + size, y), new(x + size, y + size), new(x, y + size), new(x, y)]);

    [Fact]
    public async Task GeoParquetWithoutCrsIsLonLatAndStreams()
    {
        var path = await WriteGeoParquetAsync("areas.parquet", [Square(36.80, -1.30, 0.01), Square(36.82, -1.30, 0.01)], crs: null);
        var recorder = new Recorder();
        var outcome = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Settlements }, recorder);
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal("geoparquet", outcome.Report.Format);
        Assert.Equal("EPSG:4326", outcome.Report.SourceCrs);
        Assert.Empty(outcome.Report.Warnings); // OGC:CRS84 is the specification's default, not a guess
        Assert.True(outcome.Streamed);
        var first = (Settlement)recorder.Rows[0];
        Assert.Equal(("area 1", SettlementKind.Informal), (first.Name, first.Kind));
    }

    [Fact]
    public async Task GeoParquetInUtmIsReprojected()
    {
        // Nairobi's centre in UTM 37S, as PROJJSON with an id (the GeoParquet way of naming a CRS).
        var path = await WriteGeoParquetAsync("utm.parquet", [Square(257_000, 9_857_000, 1000)],
            crs: """{"type":"ProjectedCRS","name":"WGS 84 / UTM zone 37S","id":{"authority":"EPSG","code":32737}}""");
        var outcome = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Settlements });
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal("EPSG:32737", outcome.Report.SourceCrs);
        var centre = outcome.Settlements[0].Geometry.Centroid;
        Assert.InRange(centre.X, 36.8, 36.85);
        Assert.InRange(centre.Y, -1.3, -1.25);
    }

    [Fact]
    public async Task GeoParquetErrorsAreClear()
    {
        var missing = await WriteGeoParquetAsync("nogeom.parquet", [Square(36.8, -1.3, 0.01)], null, column: "geom");
        var outcome = await ReadAsync(missing, new ImportOptions { Role = DatasetRole.Settlements });
        Assert.Equal(ErrorCodes.NoGeometryColumn, Assert.Single(outcome.Report.Problems).Code);
        Assert.Contains("\"geom\"", outcome.Report.Problems[0].Message);

        var badWkb = await WriteGeoParquetAsync("badwkb.parquet", [Square(36.8, -1.3, 0.01), Square(36.82, -1.3, 0.01)], null,
            rawWkb: [new WKBWriter().Write(Square(36.8, -1.3, 0.01)), [1, 3, 0, 0, 0, 1]]);
        outcome = await ReadAsync(badWkb, new ImportOptions { Role = DatasetRole.Settlements });
        Assert.False(outcome.Accepted);
        var problem = Assert.Single(outcome.Report.Problems);
        Assert.Equal((2, ErrorCodes.InvalidGeometry), (problem.Feature!.Value, problem.Code));
        Assert.Contains("badwkb.parquet, row 2", problem.Message);
        Assert.Contains("WKB", problem.Message);
    }

    [Fact]
    public async Task TruncatedOrFakeParquetIsRefusedPlainly()
    {
        var path = await WriteOoklaAsync("cut.parquet", Nairobi);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length - 40)]);
        var cut = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements });
        Assert.False(cut.Accepted);
        Assert.Equal(ErrorCodes.UnreadableFile, Assert.Single(cut.Report.Problems).Code);
        Assert.Contains("cut short", cut.Report.Problems[0].Message);

        // A damaged footer behind intact signatures is parquet-cpp's to find: still a plain problem, not a crash.
        await File.WriteAllBytesAsync(path, [.. bytes[..(bytes.Length - 40)], .. "PAR1"u8]);
        var damaged = await ReadAsync(path, new ImportOptions { Role = DatasetRole.Measurements });
        Assert.False(damaged.Accepted);
        Assert.Equal(ErrorCodes.UnreadableFile, Assert.Single(damaged.Report.Problems).Code);

        var fake = _dir.File("fake.parquet");
        await File.WriteAllTextAsync(fake, "quadkey,avg_d_kbps\n123,5\n");
        var text = await ReadAsync(fake, new ImportOptions { Role = DatasetRole.Measurements });
        Assert.Equal(ErrorCodes.UnreadableFile, Assert.Single(text.Report.Problems).Code);
        Assert.Contains("not a Parquet file", text.Report.Problems[0].Message);
    }
}
