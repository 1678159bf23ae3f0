using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DivideMapper.Data.Access;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Core.Domain;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace DivideMapper.Web.Tests.Exports;

/// <summary>
/// GET /api/runs/{id}/export in every format, read back by GDAL (and Parquet.Net for GeoParquet): the right features,
/// CRS and fields; the run's and every source's terms inside; nothing below the privacy floor; rings counter-clockwise;
/// spreadsheet formulas disarmed in CSV; a GeoJSON export imports again.
/// </summary>
public sealed class ExportEndpointTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private static readonly string[] FormatIds = ["geojson", "shp", "gpkg", "csv", "fgb", "parquet"];

    public static TheoryData<string> AllFormats() => new(FormatIds);

    public static TheoryData<string, string> FormatsAndLayers()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in FormatIds)
            foreach (var layer in new[] { "results", "gaps" })
                data.Add(format, layer);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndLayers))]
    public async Task EveryExportOpensWithTheRunsFeaturesCrsAndFields(string format, string layer)
    {
        using var dir = new TempDir();
        var file = await DownloadAsync(dir, fixture.SampleRun, layer, format);
        var back = await ExportReadBack.ReadAsync(file, format, layer);

        var expected = await fixture.Factory.Database.ScalarAsync<long>(layer == "results"
            ? $"SELECT count(*) FROM settlement_result WHERE run_id = {fixture.SampleRun}"
            : $"SELECT count(*) FROM gap_area WHERE run_id = {fixture.SampleRun}");
        Assert.True(expected > 0);
        Assert.Equal(expected, back.Properties.Count);
        Assert.All(back.Geometries, g => Assert.True(g is MultiPolygon or Polygon, g?.GeometryType));
        // Every id once: nothing duplicated or lost on the way out.
        Assert.Equal(expected, back.Properties.Select(p => ExportReadBack.Value(p, format, layer, "settlement_id")!.GetValue<long>()).Distinct().Count());
        foreach (var column in new[] { "name", "gap_share", "gap_class", "rank", "run_id" })
            Assert.NotNull(ExportReadBack.Value(back.Properties[0], format, layer, column));
        Assert.All(back.Properties, p => Assert.Equal(fixture.SampleRun, ExportReadBack.Value(p, format, layer, "run_id")!.GetValue<long>()));
        if (back.OgrInfo is { } info)
        {
            Assert.Contains($"Feature Count: {expected}", info);
            Assert.Contains("WGS 84", info); // CRS84 / EPSG:4326 in every GDAL format
        }
        // Extent inside the sample city (lon ≈ 36.8, lat ≈ −1.29): the axes are lon/lat, not swapped.
        var bounds = new Envelope();
        foreach (var g in back.Geometries) bounds.ExpandToInclude(g!.EnvelopeInternal);
        Assert.InRange(bounds.MinX, 36.7, 36.9);
        Assert.InRange(bounds.MinY, -1.4, -1.2);
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public async Task EveryExportCarriesTheRunProfileMethodAndEverySourcesLicence(string format)
    {
        using var dir = new TempDir();
        var file = await DownloadAsync(dir, fixture.HostileRun, "results", format);
        var metadata = await MetadataTextAsync(file, format);
        Assert.Contains($"\"id\":{fixture.HostileRun}", metadata.Replace(" ", "").Replace("\n", ""));
        Assert.Contains("giga-20", metadata);
        Assert.Contains("methodVersion", metadata);
        Assert.Contains("CC BY-NC-SA 4.0", metadata); // the Ookla tiles imported without --licence
        Assert.Contains("Speedtest® by Ookla®", metadata);
        Assert.Contains("not stated at import", metadata); // the settlements file, imported without a licence
        if (format is "shp" or "csv" or "fgb")
        {
            var back = await ExportReadBack.ReadAsync(file, format, "results");
            Assert.Contains("CC BY-NC-SA 4.0", back.ZipTexts["README.txt"]);
            Assert.Contains($"Run {fixture.HostileRun}", back.ZipTexts["README.txt"]);
        }
        if (format == "shp")
        {
            var back = await ExportReadBack.ReadAsync(file, format, "results");
            var map = back.ZipTexts["results_fields.csv"];
            Assert.Contains("covered_sh,covered_share_2g", map);
            Assert.Contains("covered__1,covered_share_3g", map);
        }
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public async Task NoMedianOrCountBelowTheFloorLeavesInAnyFormat(string format)
    {
        using var dir = new TempDir();
        // The same city at the ordinary floor publishes medians somewhere, so the check below can fail.
        var open = await ExportReadBack.ReadAsync(await DownloadAsync(dir, fixture.SampleRun, "results", format), format, "results");
        Assert.Contains(open.Properties, p => ExportReadBack.Value(p, format, "results", "median_down_mbps") is not null);
        Assert.Contains(open.Properties, p => ExportReadBack.Value(p, format, "results", "tests") is not null);

        var strict = await ExportReadBack.ReadAsync(await DownloadAsync(dir, fixture.StrictRun, "results", format), format, "results");
        Assert.NotEmpty(strict.Properties);
        foreach (var column in new[] { "median_down_mbps", "median_up_mbps", "median_latency_ms", "tests", "devices" })
            Assert.All(strict.Properties, p => Assert.Null(ExportReadBack.Value(p, format, "results", column)));
    }

    [Theory]
    [InlineData("geojson")]
    [InlineData("parquet")]
    public async Task OuterRingsAreCounterClockwiseAndHolesClockwise(string format)
    {
        using var dir = new TempDir();
        var file = await DownloadAsync(dir, fixture.SampleRun, "gaps", format);
        // Read the raw coordinates, not through GDAL, which may re-orient rings itself.
        var geometries = format == "geojson"
            ? GeoFiles.ReadGeoJson(await File.ReadAllBytesAsync(file)).Select(f => f.Geometry).ToList()
            : (await ExportReadBack.ReadAsync(file, format, "gaps")).Geometries;
        var polygons = geometries.SelectMany(g => Enumerable.Range(0, g!.NumGeometries).Select(i => (Polygon)g.GetGeometryN(i))).ToList();
        Assert.NotEmpty(polygons);
        Assert.All(polygons, p =>
        {
            Assert.True(Orientation.IsCCW(p.Shell.CoordinateSequence));
            Assert.All(p.Holes, h => Assert.False(Orientation.IsCCW(h.CoordinateSequence)));
        });
        // The stored gap polygons include ones whose shells PostGIS keeps clockwise, so orienting is not a no-op.
        Assert.True(await fixture.Factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM gap_area WHERE run_id = {fixture.SampleRun} AND NOT ST_IsPolygonCCW(geom)") > 0);
    }

    [Fact]
    public async Task GeoParquetHasGeoMetadataWithTypesBboxAndOrientation()
    {
        using var dir = new TempDir();
        var back = await ExportReadBack.ReadAsync(await DownloadAsync(dir, fixture.SampleRun, "results", "parquet"), "parquet", "results");
        using var geo = JsonDocument.Parse(back.ZipTexts["geo"]);
        var root = geo.RootElement;
        Assert.Equal("1.1.0", root.GetProperty("version").GetString());
        Assert.Equal("geometry", root.GetProperty("primary_column").GetString());
        var column = root.GetProperty("columns").GetProperty("geometry");
        Assert.Equal("WKB", column.GetProperty("encoding").GetString());
        Assert.Equal(["MultiPolygon"], column.GetProperty("geometry_types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("counterclockwise", column.GetProperty("orientation").GetString());
        Assert.False(column.TryGetProperty("crs", out _)); // absent = OGC:CRS84, as the coordinates are
        var bbox = column.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var envelope = new Envelope();
        foreach (var g in back.Geometries) envelope.ExpandToInclude(g!.EnvelopeInternal);
        Assert.Equal([envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY], bbox);
    }

    [Fact]
    public async Task CsvCellsThatASpreadsheetWouldRunComeOutAsText()
    {
        using var dir = new TempDir();
        var file = await DownloadAsync(dir, fixture.HostileRun, "results", "csv");
        using var zip = System.IO.Compression.ZipFile.OpenRead(file);
        var csv = await new StreamReader(zip.GetEntry("results.csv")!.Open()).ReadToEndAsync();
        Assert.Contains("'=HYPERLINK(", csv);
        Assert.Contains("'@SUM(A1:A9)", csv);
        Assert.DoesNotContain(",=HYPERLINK(", csv);
        Assert.DoesNotContain("\"=HYPERLINK(", csv);
        // Numbers are never touched, negative or not: only text cells get the apostrophe.
        Assert.DoesNotContain(",'-", csv);
    }

    [Fact]
    public async Task AGeoJsonExportImportsAgainWithTheSameSettlementsAndAreas()
    {
        using var dir = new TempDir();
        var file = await DownloadAsync(dir, fixture.SampleRun, "results", "geojson");
        await using var dataSource = fixture.Factory.Database.CreateDataSource();
        var result = await DatasetImporter.ImportAsync(dataSource, new ImportRequest(file, "results.geojson", "export-roundtrip",
            new ImportOptions { Role = DatasetRole.Settlements }));
        Assert.True(result.Accepted, result.Report.ToJson());
        Assert.Equal(await fixture.Factory.Database.ScalarAsync<long>($"SELECT count(*) FROM settlement_result WHERE run_id = {fixture.SampleRun}"),
            result.Report.Imported);
        // Same shapes: the areas agree to the 7 decimals (≈ 1 cm) the export keeps.
        var relative = await fixture.Factory.Database.ScalarAsync<double>($"""
            SELECT max(abs(ST_Area(a.geom::geography) - ST_Area(b.geom::geography)) / ST_Area(a.geom::geography))
            FROM settlement a JOIN project pa ON pa.id = a.project_id AND pa.slug = '{ExportFixture.Sample}'
            JOIN settlement b ON b.name = a.name JOIN project pb ON pb.id = b.project_id AND pb.slug = 'export-roundtrip'
            """);
        Assert.InRange(relative, 0, 1e-5);
    }

    [Theory]
    [InlineData("?format=kml", 400, "invalid-parameter")]
    [InlineData("?layer=coverage", 400, "invalid-parameter")]
    public async Task BadParametersAreProblems(string query, int status, string code)
    {
        using var client = fixture.Factory.CreateClient();
        await AssertProblemAsync(await client.GetAsync($"/api/runs/{fixture.SampleRun}/export{query}"), status, code);
    }

    [Fact]
    public async Task AnUnknownRunIs404AndAPrivateProjectsRunLooksUnknownToAnonymousReaders()
    {
        using var anonymous = fixture.Factory.CreateClient();
        await AssertProblemAsync(await anonymous.GetAsync("/api/runs/987654/export"), 404, "unknown-run");
        await using (var dataSource = fixture.Factory.Database.CreateDataSource())
            await ProjectAccessQueries.SetVisibilityAsync(dataSource, ExportFixture.Strict, ProjectVisibility.Private);
        try
        {
            var hidden = await anonymous.GetAsync($"/api/runs/{fixture.StrictRun}/export");
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            using var viewer = fixture.Factory.CreateClient(AccessRole.Viewer);
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/runs/{fixture.StrictRun}/export?format=csv")).StatusCode);
        }
        finally
        {
            await using var dataSource = fixture.Factory.Database.CreateDataSource();
            await ProjectAccessQueries.SetVisibilityAsync(dataSource, ExportFixture.Strict, ProjectVisibility.Public);
        }
    }

    private async Task<string> DownloadAsync(TempDir dir, long run, string layer, string format)
    {
        using var client = fixture.Factory.CreateClient();
        var response = await client.GetAsync($"/api/runs/{run}/export?layer={layer}&format={format}");
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var name = response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        Assert.NotNull(name);
        Assert.EndsWith(Formats.Exports.ExportFormat.Find(format)!.Extension, name);
        var file = dir.File(name);
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return file;
    }

    /// <summary>The export's metadata as text, from where each format keeps it.</summary>
    private static async Task<string> MetadataTextAsync(string file, string format)
    {
        switch (format)
        {
            case "geojson":
                return JsonNode.Parse(await File.ReadAllTextAsync(file))!["dividemapper"]!.ToJsonString(new JsonSerializerOptions
                    { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            case "gpkg":
                return await GeoFiles.OgrInfoAsync("-so", file, "results"); // dataset metadata items, DIVIDEMAPPER_METADATA among them
            case "parquet":
                return (await ExportReadBack.ReadAsync(file, format, "results")).ZipTexts["dividemapper"];
            default:
                return (await ExportReadBack.ReadAsync(file, format, "results")).ZipTexts["metadata.json"];
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }
}
