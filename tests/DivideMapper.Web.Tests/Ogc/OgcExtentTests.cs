using System.Globalization;
using System.Text.Json;

namespace DivideMapper.Web.Tests.Ogc;

/// <summary>
/// Each collection's extent is its own layer's: the spatial box equals PostGIS ST_Extent over the rows the collection
/// serves (written out here independently of the catalogue's SQL), and layers with a period give the interval of
/// their periods, which handed back as datetime selects exactly them.
/// </summary>
[Collection(OgcCollectionFixture.Name)]
public sealed class OgcExtentTests(OgcServer server)
{
    private const string Gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

    private string ProjectId => $"(SELECT id FROM project WHERE slug = '{OgcServer.PublicSlug}')";

    /// <summary>The rows each collection serves, as plain SQL: the run's rows, the project's rows, aggregates at or above the floor.</summary>
    private Dictionary<string, string> LayerRows => new()
    {
        ["results"] = $"settlement_result r JOIN settlement s ON s.id = r.settlement_id WHERE r.run_id = {server.Run}",
        ["gaps"] = $"gap_area g WHERE g.run_id = {server.Run}",
        ["settlements"] = $"settlement s WHERE s.project_id = {ProjectId}",
        ["coverage"] = $"coverage c WHERE c.project_id = {ProjectId}",
        ["sites"] = $"site t WHERE t.project_id = {ProjectId}",
        ["facilities"] = $"facility f WHERE f.project_id = {ProjectId}",
        ["measurements"] = $"measurement m JOIN project p ON p.id = m.project_id WHERE p.id = {ProjectId} AND m.tests >= p.min_tests AND m.devices >= p.min_devices",
        ["population"] = $"population x WHERE x.project_id = {ProjectId}",
    };

    private async Task<JsonElement> GetJsonAsync(string url) => JsonDocument.Parse(await server.Http.GetStringAsync(url)).RootElement.Clone();

    [Fact]
    public async Task EachCollectionHasTheSpatialExtentOfItsOwnLayer()
    {
        var listed = (await GetJsonAsync("/ogc/collections")).GetProperty("collections").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c);
        var boxes = new Dictionary<string, double[]>();
        foreach (var (layer, rows) in LayerRows)
        {
            var alias = rows.Split(' ')[1];
            var geometry = layer == "results" ? "s.geom" : $"{alias}.geom";
            var expected = (await server.Database.ScalarAsync<string>(
                    $"SELECT concat_ws(' ', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) FROM (SELECT ST_Extent({geometry}) e FROM {rows}) x"))
                .Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(4, expected.Length);
            var id = $"{OgcServer.PublicSlug}.{layer}";
            foreach (var doc in new[] { listed[id], await GetJsonAsync($"/ogc/collections/{id}") })
            {
                var spatial = doc.GetProperty("extent").GetProperty("spatial");
                Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", spatial.GetProperty("crs").GetString());
                var box = spatial.GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
                Assert.True(expected.Zip(box).All(p => Math.Abs(p.First - p.Second) < 1e-9), $"{layer}: {string.Join(',', box)} is not ST_Extent {string.Join(',', expected)}");
            }
            boxes[layer] = expected;
        }
        // The sample's coverage and sites reach beyond the settlements, so their own extents are wider: no layer borrows another's.
        Assert.True(boxes["coverage"][0] < boxes["settlements"][0] || boxes["coverage"][2] > boxes["settlements"][2]);
        Assert.NotEqual(boxes["settlements"], boxes["sites"]);
        Assert.NotEqual(boxes["results"], boxes["gaps"]);
    }

    [Fact]
    public async Task RunLayersGiveTheRunsPeriodAsTheirTemporalExtent()
    {
        var period = await server.Database.ScalarAsync<string>($"SELECT min(period) FROM settlement_result WHERE run_id = {server.Run}");
        var (start, end) = Quarter(period);
        foreach (var layer in new[] { "results", "gaps" })
        {
            var temporal = (await GetJsonAsync($"/ogc/collections/{OgcServer.PublicSlug}.{layer}")).GetProperty("extent").GetProperty("temporal");
            Assert.Equal(Gregorian, temporal.GetProperty("trs").GetString());
            var interval = temporal.GetProperty("interval")[0];
            Assert.Equal(start, interval[0].GetString());
            Assert.Equal(end, interval[1].GetString());

            // Handed back as datetime, the interval selects the whole layer; the second after it selects nothing.
            var items = $"/ogc/collections/{OgcServer.PublicSlug}.{layer}/items?limit=1";
            var all = (await GetJsonAsync(items)).GetProperty("numberMatched").GetInt64();
            Assert.True(all > 0);
            Assert.Equal(all, (await GetJsonAsync($"{items}&datetime={start}/{end}")).GetProperty("numberMatched").GetInt64());
            var after = DateTimeOffset.Parse(end, CultureInfo.InvariantCulture).AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            Assert.Equal(0, (await GetJsonAsync($"{items}&datetime={after}/..")).GetProperty("numberMatched").GetInt64());
        }
    }

    [Fact]
    public async Task MeasurementsSpanTheirPeriodsAndLayersWithoutTimeHaveNoTemporalExtent()
    {
        var periods = await server.Database.ScalarAsync<string>(
            $"SELECT string_agg(DISTINCT m.period, ' ' ORDER BY m.period) FROM {LayerRows["measurements"]}");
        var quarters = periods.Split(' ').Select(Quarter).ToList();
        Assert.True(quarters.Count > 1, "the sample city has several periods of speed tests");
        var interval = (await GetJsonAsync($"/ogc/collections/{OgcServer.PublicSlug}.measurements")).GetProperty("extent").GetProperty("temporal")
            .GetProperty("interval")[0];
        Assert.Equal(quarters.Min(q => q.Start), interval[0].GetString());
        Assert.Equal(quarters.Max(q => q.End), interval[1].GetString());

        foreach (var layer in new[] { "settlements", "coverage", "sites", "facilities", "population" })
            Assert.False((await GetJsonAsync($"/ogc/collections/{OgcServer.PublicSlug}.{layer}")).GetProperty("extent").TryGetProperty("temporal", out _), layer);
    }

    /// <summary>A quarter such as 2024Q1 as RFC 3339 instants: its first second and its last (2024-03-31T23:59:59Z).</summary>
    private static (string Start, string End) Quarter(string period)
    {
        Assert.Matches("^[0-9]{4}Q[1-4]$", period);
        var start = new DateTime(int.Parse(period[..4], CultureInfo.InvariantCulture), (period[5] - '0') * 3 - 2, 1, 0, 0, 0, DateTimeKind.Utc);
        const string format = "yyyy-MM-dd'T'HH:mm:ss'Z'";
        return (start.ToString(format, CultureInfo.InvariantCulture), start.AddMonths(3).AddSeconds(-1).ToString(format, CultureInfo.InvariantCulture));
    }
}
