using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DivideMapper.Data.Access;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Runs;
using NetTopologySuite.IO.VectorTiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace DivideMapper.Web.Tests.Tiles;

/// <summary>Vector tiles as a map or a GIS reads them: decoded by NetTopologySuite and by GDAL, cached, refused, private.</summary>
public sealed class TileEndpointTests(TileFixture fixture) : IClassFixture<TileFixture>
{
    private HttpClient Anonymous => fixture.Factory.CreateClient();

    private string CityTileUrl(string layer, string slug = TileFixture.PublicSlug) =>
        $"/tiles/{slug}/{layer}/{fixture.CityTile.Z}/{fixture.CityTile.X}/{fixture.CityTile.Y}.mvt";

    private async Task<byte[]> TileBytesAsync(string url, HttpClient? client = null)
    {
        using var response = await (client ?? Anonymous).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private VectorTile Decode(byte[] bytes)
    {
        var (z, x, y) = fixture.CityTile;
        return new MapboxTileReader().Read(new MemoryStream(bytes), new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z));
    }

    /// <summary>What PostGIS says meets the tile grown by its render buffer: the features the tile must hold.</summary>
    private Task<long> ExpectedCountAsync(string from, string where) => fixture.Factory.Database.ScalarAsync<long>(
        $"SELECT count(*) FROM {from} WHERE {where} AND ST_Intersects(geom, ST_Transform(ST_TileEnvelope({fixture.CityTile.Z}, " +
        $"{fixture.CityTile.X}, {fixture.CityTile.Y}, margin => 64.0 / 4096), 4326))");

    [Fact]
    public async Task AResultsTileHoldsEverySettlementItMeetsWithItsStylingColumns()
    {
        var tile = Decode(await TileBytesAsync(CityTileUrl("results")));
        var layer = Assert.Single(tile.Layers);
        Assert.Equal("results", layer.Name);
        var expected = await ExpectedCountAsync("settlement_result r JOIN settlement s ON s.id = r.settlement_id", $"r.run_id = {fixture.PublicRun}");
        Assert.InRange(expected, 2, 1000);
        Assert.Equal(expected, layer.Features.Count);
        foreach (var feature in layer.Features)
        {
            Assert.True(feature.Geometry.IsValid || feature.Geometry.Area > 0);
            foreach (var name in new[] { "settlement_id", "name", "gap_class", "gap_share", "rank" })
                Assert.True(feature.Attributes.Exists(name), $"a results feature lacks {name}");
        }
        Assert.Equal(layer.Features.Count, layer.Features.Select(f => f.Attributes["settlement_id"]).Distinct().Count());
    }

    [Fact]
    public async Task BelowTheFloorATileCarriesNoMedianAndNoMeasurementBelowTheFloorIsServed()
    {
        var results = Decode(await TileBytesAsync(CityTileUrl("results"))).Layers.Single().Features;
        var withheld = results.Where(f => f.Attributes["suppressed"] is true).ToList();
        Assert.All(withheld, f => Assert.False(f.Attributes.Exists("median_down_mbps") || f.Attributes.Exists("median_up_mbps")
                                               || f.Attributes.Exists("median_latency_ms")));

        var floor = await fixture.Factory.Database.ScalarAsync<int>($"SELECT min_tests FROM project WHERE slug = '{TileFixture.PublicSlug}'");
        var devices = await fixture.Factory.Database.ScalarAsync<int>($"SELECT min_devices FROM project WHERE slug = '{TileFixture.PublicSlug}'");
        var measurements = Decode(await TileBytesAsync(CityTileUrl("measurements"))).Layers.Single().Features;
        Assert.All(measurements, f =>
        {
            Assert.True(Convert.ToInt64(f.Attributes["tests"]) >= floor);
            Assert.True(Convert.ToInt64(f.Attributes["devices"]) >= devices);
        });
        var below = await ExpectedCountAsync("measurement m JOIN project p ON p.id = m.project_id",
            $"p.slug = '{TileFixture.PublicSlug}' AND (m.tests < p.min_tests OR m.devices < p.min_devices)");
        var above = await ExpectedCountAsync("measurement m JOIN project p ON p.id = m.project_id",
            $"p.slug = '{TileFixture.PublicSlug}' AND m.tests >= p.min_tests AND m.devices >= p.min_devices");
        Assert.Equal(above, measurements.Count);
        Assert.True(below > 0, "the sample city has speed tiles below the floor near its middle");
    }

    [Theory]
    [InlineData("settlements", "settlement s", "s.project_id = (SELECT id FROM project WHERE slug = 'tiles-open')")]
    [InlineData("coverage", "coverage c", "c.project_id = (SELECT id FROM project WHERE slug = 'tiles-open')")]
    [InlineData("population", "population p", "p.project_id = (SELECT id FROM project WHERE slug = 'tiles-open')")]
    public async Task ProjectLayersHoldWhatMeetsTheTile(string layer, string from, string where)
    {
        var features = Decode(await TileBytesAsync(CityTileUrl(layer))).Layers.Single().Features;
        Assert.Equal(await ExpectedCountAsync(from, where), features.Count);
    }

    [Fact]
    public async Task GdalsMvtDriverReadsTheTile()
    {
        var bytes = await TileBytesAsync(CityTileUrl("gaps"));
        using var dir = new TempDir();
        var (z, x, y) = fixture.CityTile;
        var path = Path.Combine(dir.Path, "gaps.mvt");
        await File.WriteAllBytesAsync(path, bytes);
        var info = await GeoFiles.OgrInfoAsync("-ro", "-al", "-so", "-oo", $"Z={z}", "-oo", $"X={x}", "-oo", $"Y={y}", "MVT:" + path);
        Assert.Contains("Layer name: gaps", info);
        Assert.Contains($"Feature Count: {Decode(bytes).Layers.Single().Features.Count}", info);
        Assert.Contains("gap_class: String", info);
    }

    [Fact]
    public async Task AnEmptyTileIs204AndABadOneIs400()
    {
        using var empty = await Anonymous.GetAsync($"/tiles/{TileFixture.PublicSlug}/results/14/0/0.mvt");
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        foreach (var bad in new[] { "23/0/0", "1/2/0", "1/0/2", "a/0/0", "-1/0/0", "2/1.5/0", "14/99999999999/0" })
        {
            using var response = await Anonymous.GetAsync($"/tiles/{TileFixture.PublicSlug}/results/{bad}.mvt");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        using var parameter = await Anonymous.GetAsync(CityTileUrl("results") + "?filter=1");
        Assert.Equal(HttpStatusCode.BadRequest, parameter.StatusCode);
        using var badRun = await Anonymous.GetAsync(CityTileUrl("results") + "?run=abc");
        Assert.Equal(HttpStatusCode.BadRequest, badRun.StatusCode);
    }

    [Fact]
    public async Task UnknownLayersProjectsAndRunsAre404AndPrivateProjectsLookUnknown()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync(CityTileUrl("roads"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync(CityTileUrl("results", "no-such-city"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync(CityTileUrl("results") + $"?run={fixture.PrivateRun}")).StatusCode);

        using var hidden = await Anonymous.GetAsync(CityTileUrl("results", TileFixture.PrivateSlug));
        using var unknown = await Anonymous.GetAsync(CityTileUrl("results", "no-such-city"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(await ProblemAsync(unknown, "no-such-city"), await ProblemAsync(hidden, TileFixture.PrivateSlug));

        using var viewer = fixture.Factory.CreateClient(AccessRole.Viewer);
        using var seen = await viewer.GetAsync(CityTileUrl("results", TileFixture.PrivateSlug));
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.True(seen.Headers.CacheControl?.Private);
        Assert.Contains("Authorization", seen.Headers.Vary);
    }

    /// <summary>A problem's code, title and detail with the slug blanked out (the trace id differs per request).</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response, string slug)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = problem.RootElement;
        return string.Join("|", new[] { "code", "title", "detail" }.Select(p => root.GetProperty(p).GetString())).Replace(slug, "X");
    }

    [Fact]
    public async Task AMatchingIfNoneMatchIs304AndANewRunChangesTheETag()
    {
        using var first = await Anonymous.GetAsync(CityTileUrl("results"));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.NotNull(first.Headers.CacheControl?.MaxAge);

        foreach (var tag in new[] { etag.Tag, "W/" + etag.Tag, "\"other\", " + etag.Tag })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, CityTileUrl("results"));
            request.Headers.TryAddWithoutValidation("If-None-Match", tag);
            using var again = await Anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        }

        // An earlier run stays reachable by run=ID with its own ETag; the latest changes when a run finishes.
        await using var dataSource = fixture.Factory.Database.CreateDataSource();
        var newer = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(TileFixture.PublicSlug, "fcc-25-3"), "test")).OrThrow().RunId;
        using var latest = await Anonymous.GetAsync(CityTileUrl("results"));
        Assert.NotEqual(etag, latest.Headers.ETag);
        using var earlier = await Anonymous.GetAsync(CityTileUrl("results") + $"?run={fixture.PublicRun}");
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        using var json = JsonDocument.Parse(await Anonymous.GetStringAsync($"/tiles/{TileFixture.PublicSlug}/results.json"));
        Assert.Equal(newer, json.RootElement.GetProperty("dividemapper").GetProperty("run").GetInt64());
    }

    [Fact]
    public async Task TileJsonDescribesTheLayer()
    {
        using var json = JsonDocument.Parse(await Anonymous.GetStringAsync($"/tiles/{TileFixture.PublicSlug}/gaps.json"));
        var root = json.RootElement;
        Assert.Equal("3.0.0", root.GetProperty("tilejson").GetString());
        var template = root.GetProperty("tiles")[0].GetString()!;
        Assert.EndsWith($"/tiles/{TileFixture.PublicSlug}/gaps/{{z}}/{{x}}/{{y}}.mvt", template);
        var bounds = root.GetProperty("bounds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.True(bounds[0] < bounds[2] && bounds[1] < bounds[3] && bounds[2] - bounds[0] < 1);
        var layer = root.GetProperty("vector_layers")[0];
        Assert.Equal("gaps", layer.GetProperty("id").GetString());
        Assert.Equal(LayerCatalogue.Gaps.TileColumnNames, layer.GetProperty("fields").EnumerateObject().Select(p => p.Name));
        Assert.Equal("Number", layer.GetProperty("fields").GetProperty("gap_share").GetString());
    }
}
