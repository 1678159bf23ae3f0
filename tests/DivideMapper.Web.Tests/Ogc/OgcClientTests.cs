using System.Diagnostics;
using System.Text.Json;

namespace DivideMapper.Web.Tests.Ogc;

/// <summary>
/// Real OGC API clients against the running app on loopback: GDAL's OAPIF driver (ogrinfo, ogr2ogr from gdal-bin)
/// and OWSLib (Debian python3-owslib), as QGIS and Python GIS users read it.
/// </summary>
[Collection(OgcCollectionFixture.Name)]
public sealed class OgcClientTests(OgcServer server)
{
    private static readonly string[] Layers = ["results", "gaps", "settlements", "coverage", "sites", "facilities", "measurements", "population"];

    private async Task<long> NumberMatchedAsync(string collection, string query = "")
    {
        var page = JsonDocument.Parse(await server.Http.GetStringAsync($"/ogc/collections/{collection}/items?limit=1{query}"));
        return page.RootElement.GetProperty("numberMatched").GetInt64();
    }

    /// <summary>
    /// Runs a GDAL tool as a GIS user would. Not through the app's GdalAdapter: that one parses untrusted uploads and
    /// takes the network away from GDAL, and here the network (loopback) is the point.
    /// </summary>
    private static async Task<string> GdalAsync(string tool, params string[] args) => await RunAsync(tool, args, stdin: null);

    private static async Task<string> RunAsync(string program, string[] args, string? stdin)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: exit {process.ExitCode}\n{await stderr}");
        return await stdout;
    }

    [Fact]
    public async Task OgrinfoListsEveryCollection()
    {
        var info = await GdalAsync("ogrinfo", "-ro", "-q", $"OAPIF:{server.BaseUrl}/ogc");
        foreach (var layer in Layers) Assert.Contains($"{OgcServer.PublicSlug}.{layer}", info);
        Assert.DoesNotContain(OgcServer.PrivateSlug, info);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Ogr2ogrCopiesExactlyNumberMatchedWithUniqueIds(int pageSize)
    {
        foreach (var layer in pageSize == 1 ? ["results", "facilities"] : Layers)
        {
            var collection = $"{OgcServer.PublicSlug}.{layer}";
            using var dir = new TempDir();
            var output = dir.File("copy.geojson");
            await GdalAsync("ogr2ogr", "-f", "GeoJSON", output, $"OAPIF:{server.BaseUrl}/ogc", collection, "-oo", $"PAGE_SIZE={pageSize}");
            var features = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(await NumberMatchedAsync(collection), features.Count);
            var ids = features.Select(f => f.GetProperty("properties").GetProperty(layer is "results" or "gaps" ? "settlement_id" : "id").GetInt64()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    [Fact]
    public async Task Ogr2ogrWithBboxAndFilterCopiesWhatTheServerMatches()
    {
        var collection = $"{OgcServer.PublicSlug}.results";
        var extent = await server.Database.ScalarAsync<string>(
            $"SELECT concat_ws(' ', ST_XMin(e), ST_YMin(e), (ST_XMin(e) + ST_XMax(e)) / 2, ST_YMax(e)) FROM (SELECT ST_Extent(geom) e FROM settlement s JOIN project p ON p.id = s.project_id WHERE p.slug = '{OgcServer.PublicSlug}') x");
        var box = extent.Split(' ');
        using var dir = new TempDir();
        var output = dir.File("west.geojson");
        await GdalAsync("ogr2ogr", "-f", "GeoJSON", output, $"OAPIF:{server.BaseUrl}/ogc", collection, "-spat", box[0], box[1], box[2], box[3],
            "-where", "gap_share > 0.2", "-oo", "PAGE_SIZE=7");
        var copied = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.GetProperty("features").GetArrayLength();
        var expected = await NumberMatchedAsync(collection, $"&bbox={string.Join(',', box)}&filter={Uri.EscapeDataString("gap_share > 0.2")}");
        Assert.Equal(expected, copied);
        Assert.InRange(copied, 1, await NumberMatchedAsync(collection) - 1);
    }

    [Fact]
    public async Task OwsLibReadsTheCollectionsAndTheirItems()
    {
        var script = $$"""
            import json, sys
            from owslib.ogcapi.features import Features
            api = Features('{{server.BaseUrl}}/ogc')
            ids = [c['id'] for c in api.collections()['collections']]
            out = {'collections': ids, 'conformance': len(api.conformance()['conformsTo'])}
            for cid in ['{{OgcServer.PublicSlug}}.results', '{{OgcServer.PublicSlug}}.settlements']:
                items = api.collection_items(cid, limit=10000)
                out[cid] = [items['numberMatched'], len(items['features'])]
            q = api.collection_queryables('{{OgcServer.PublicSlug}}.results')
            out['queryables'] = sorted(q['properties'].keys())
            print(json.dumps(out))
            """;
        // Debian's interpreter: python3-owslib is a Debian package (a python3 earlier on PATH may not see it).
        var stdout = await RunAsync("/usr/bin/python3", ["-"], script);
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Contains($"{OgcServer.PublicSlug}.gaps", result.GetProperty("collections").EnumerateArray().Select(c => c.GetString()));
        foreach (var cid in new[] { $"{OgcServer.PublicSlug}.results", $"{OgcServer.PublicSlug}.settlements" })
        {
            var counts = result.GetProperty(cid);
            Assert.Equal(await NumberMatchedAsync(cid), counts[0].GetInt64());
            Assert.Equal(counts[0].GetInt64(), counts[1].GetInt64());
        }
        Assert.Contains("gap_share", result.GetProperty("queryables").EnumerateArray().Select(q => q.GetString()));
    }
}
