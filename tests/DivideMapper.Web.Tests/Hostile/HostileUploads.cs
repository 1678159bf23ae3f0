using System.IO.Compression;
using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Formats.Tests.Corpus;
using DivideMapper.Testing;

namespace DivideMapper.Web.Tests.Hostile;

/// <summary>One upload of the battery: a file, the role and query it is sent with, and whether it must be refused.</summary>
public sealed record HostileUpload(string Name, string Role, string Query, bool MustBeRefused, Func<string, string> Write)
{
    public override string ToString() => Name;
}

/// <summary>
/// The hostile-input battery (issue 12 item 7): the import corpus (every entry must be refused), plus mutations of
/// the sample city's files — truncations, seeded byte flips, wrong roles, NaN/1e999/huge values, deep nesting,
/// VRT and KML files that point at local files or URLs — which may be accepted only if they still are valid data.
/// </summary>
public static class HostileUploads
{
    private static readonly string Sample = Path.Combine(RepoPaths.Root, "sample-data");

    private static readonly (string File, string Role)[] SampleFiles =
    [
        ("settlements.geojson", "settlements"), ("coverage.zip", "coverage"), ("cell_sites.csv", "sites"),
        ("speed_tiles_2024q1.csv", "measurements"), ("facilities.gpkg", "facilities"),
    ];

    public static IEnumerable<HostileUpload> All()
    {
        foreach (var bad in BadInputCorpus.All.Where(b => b.Options.Limits == new Formats.Import.ImportLimits()))
            yield return new("corpus/" + bad.Name, bad.Role.ToSlug(), QueryOf(bad.Options), true, bad.Write);

        foreach (var (file, role) in SampleFiles)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Sample, file));
            var extension = Path.GetExtension(file);
            var period = role == "measurements" ? "&period=2024Q1" : "";
            // Cut short at many places: text formats are then broken (or shorter but valid), binary ones broken.
            foreach (var fraction in new[] { 0.0001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 })
                yield return Bytes($"truncated/{file}@{fraction}", role, period, file, bytes[..(int)(bytes.Length * fraction)], mustFail: extension is ".zip" or ".gpkg" && fraction < 0.5);
            // Seeded byte flips: 1, 10 and 100 random bytes replaced.
            for (var seed = 0; seed < 12; seed++)
            {
                var flips = new[] { 1, 10, 100 }[seed % 3];
                var random = new Random(seed * 7919 + file.Length);
                var copy = (byte[])bytes.Clone();
                for (var i = 0; i < flips; i++) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                yield return Bytes($"flipped/{file}/{seed}x{flips}", role, period, file, copy, mustFail: false);
            }
            // Right bytes, wrong role: points as settlements, polygons as sites …
            foreach (var (_, other) in SampleFiles.Where(s => s.Role != role && !(role == "coverage" && s.Role == "settlements") && !(role == "settlements" && s.Role == "coverage")))
                yield return Bytes($"wrong-role/{file}-as-{other}", other, "", file, bytes, mustFail: true);
            // Right bytes, wrong extension (the sniffer must not trust the name).
            foreach (var lie in new[] { ".shp", ".kml", ".gpkg", ".csv", ".geojson" }.Where(e => e != extension))
                yield return Bytes($"renamed/{file}-as{lie}", role, period, Path.ChangeExtension(file, lie), bytes, mustFail: false);
        }

        foreach (var upload in Crafted()) yield return upload;
    }

    private static IEnumerable<HostileUpload> Crafted()
    {
        const string Square = "[[[36.8,-1.3],[36.81,-1.3],[36.81,-1.29],[36.8,-1.29],[36.8,-1.3]]]";
        string Fc(string geometry, string props) =>
            $$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{{props}},"geometry":{{geometry}}}]}""";
        string Polygon(string coords) => $$"""{"type":"Polygon","coordinates":{{coords}}}""";

        foreach (var value in new[] { "1e999", "-1e999", "NaN", "Infinity", "1e308", "\"1e308\"", "\"NaN\"", "-5", "\"lots\"", "1.7976931348623157e308", "[1]", "{\"a\":1}", "true" })
        {
            yield return Text($"crafted/population={value}", "settlements", "", "pop.geojson", Fc(Polygon(Square), $$"""{"name":"x","kind":"informal","population":{{value}}}"""),
                mustFail: true);
            yield return Text($"crafted/tests={value}", "measurements", "&period=2024Q1", "m.csv", $"lon,lat,down_kbps,up_kbps,latency_ms,tests,devices\n36.8,-1.3,1000,500,20,{value.Trim('"')},3\n",
                mustFail: true);
        }
        foreach (var coord in new[] { "1e999", "NaN", "\"36.8\"", "null", "[]", "1e308" })
            yield return Text($"crafted/coordinate={coord}", "settlements", "", "c.geojson",
                Fc(Polygon($"[[[{coord},-1.3],[36.81,-1.3],[36.81,-1.29],[36.8,-1.29],[{coord},-1.3]]]"), """{"name":"x"}"""), mustFail: true);
        foreach (var depth in new[] { 100, 1_000, 100_000 })
            yield return Text($"crafted/nesting-{depth}", "settlements", "", "deep.geojson",
                Fc(new string('[', depth) + new string(']', depth), "{}"), mustFail: true);
        yield return Text("crafted/nul-in-name", "settlements", "", "nul.geojson", Fc(Polygon(Square), "{\"name\":\"a\\u0000b\",\"kind\":\"informal\"}"), mustFail: false);
        yield return Text("crafted/sql-in-name", "settlements", "", "sql.geojson", Fc(Polygon(Square), "{\"name\":\"x'); DROP TABLE project;--\",\"kind\":\"informal\"}"), mustFail: false);

        // Files that point elsewhere: GDAL must open neither the local file nor the URL.
        const string VrtLocal = "<OGRVRTDataSource><OGRVRTLayer name=\"x\"><SrcDataSource>/etc/passwd</SrcDataSource><GeometryType>wkbPoint</GeometryType></OGRVRTLayer></OGRVRTDataSource>";
        const string VrtUrl = "<OGRVRTDataSource><OGRVRTLayer name=\"x\"><SrcDataSource>/vsicurl/http://169.254.169.254/latest/meta-data</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>";
        foreach (var (name, content) in new[] { ("vrt-local", VrtLocal), ("vrt-url", VrtUrl) })
            foreach (var ext in new[] { ".vrt", ".gpkg", ".kml", ".fgb", "" })
                yield return Text($"crafted/{name}{ext}", "facilities", "", "pointer" + ext, content, mustFail: true);
        foreach (var href in new[] { "http://169.254.169.254/latest/meta-data", "file:///etc/passwd", "/etc/passwd", "/vsicurl/http://example.com/x.kml" })
            yield return Text($"crafted/kml-networklink-{href.GetHashCode():x}", "facilities", "", "link.kml",
                $"<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><NetworkLink><Link><href>{href}</href></Link></NetworkLink></Document></kml>",
                mustFail: true);
        yield return Text("crafted/pg-connection-string", "facilities", "", "db.gpkg", "PG:host=127.0.0.1 dbname=postgres user=postgres", mustFail: true);
        yield return Text("crafted/vsizip-path", "facilities", "", "x.kml", "/vsizip//etc/passwd", mustFail: true);
        // A small zip that inflates far (a shapefile of zeros), and one entry named with a traversal.
        yield return new("crafted/zip-of-zeros", "coverage", "", true, dir =>
        {
            var path = Path.Combine(dir, "zeros.zip");
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            using (var entry = zip.CreateEntry("a.shp", CompressionLevel.SmallestSize).Open())
                for (var i = 0; i < 3000; i++) entry.Write(new byte[1 << 20]);
            return path;
        });
        yield return new("crafted/zip-absolute-path", "coverage", "", true, dir =>
        {
            var path = Path.Combine(dir, "abs.zip");
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            using (var writer = new StreamWriter(zip.CreateEntry("/etc/cron.d/evil.shp").Open())) writer.Write("x");
            return path;
        });
    }

    private static HostileUpload Bytes(string name, string role, string query, string fileName, byte[] content, bool mustFail) =>
        new(name, role, query, mustFail, dir =>
        {
            var path = Path.Combine(dir, fileName);
            File.WriteAllBytes(path, content);
            return path;
        });

    private static HostileUpload Text(string name, string role, string query, string fileName, string content, bool mustFail) =>
        Bytes(name, role, query, fileName, Encoding.UTF8.GetBytes(content), mustFail);

    /// <summary>The corpus entry's options as upload query parameters.</summary>
    private static string QueryOf(Formats.Import.ImportOptions o)
    {
        var q = new StringBuilder();
        if (o.Srid is { } srid) q.Append("&srid=").Append(srid);
        if (o.Tech is { } tech) q.Append("&tech=").Append(Uri.EscapeDataString(tech.ToLabel()));
        if (o.DefaultRangeM is { } range) q.Append("&defaultRangeM=").Append(range.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (o.Period is { } period) q.Append("&period=").Append(Uri.EscapeDataString(period));
        if (o.Kind is { } kind) q.Append("&kind=").Append(Uri.EscapeDataString(kind));
        foreach (var (target, source) in o.Mapping) q.Append("&map=").Append(Uri.EscapeDataString($"{target}={source}"));
        if (o.Repair) q.Append("&repair=true");
        if (o.SkipInvalid) q.Append("&skipInvalid=true");
        return q.ToString();
    }
}
