using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.GeoJson;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Shapefiles;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// The real files under tests/fixtures: a verdict per file we use, and for mbostock/shapefile's cases the
/// features compared with the expected GeoJSON beside each.
/// </summary>
public sealed class FixtureTests
{
    private const string Js = "shapefile-js-tests";
    private const string Nts = "shapefiles-nts-io-esri/TestShapefiles";
    private const string Arc = "shapefiles-nts-io-esri/arcmap/shp";

    /// <summary>(file, role, accepted count or null, geometry type or rejecting problem code, source CRS or null).</summary>
    public static TheoryData<string, string, int?, string, string?> Verdicts => new()
    {
        // Accepted.
        { $"{Js}/points.shp", "facilities", 9, "Point", "EPSG:4326" },
        { $"{Js}/boolean-property.shp", "facilities", 9, "Point", "EPSG:4326" },
        { $"{Js}/date-property.shp", "facilities", 3, "Point", "EPSG:4326" },
        { $"{Js}/latin1-property.shp", "facilities", 1, "Point", "EPSG:4326" },
        { $"{Js}/utf8-property.shp", "facilities", 1, "Point", "EPSG:4326" },
        { $"{Js}/pointm.shp", "facilities", 3, "Point", "EPSG:4326" },
        { $"{Js}/singleton.shp", "facilities", 1, "Point", "EPSG:4326" },
        { $"{Js}/ignore-properties.shp", "facilities", 3, "Point", "EPSG:4326" },
        { $"{Js}/polygons.shp", "settlements", 3, "MultiPolygon", "EPSG:4326" },
        { $"{Js}/polygonm.shp", "settlements", 1, "MultiPolygon", "EPSG:4326" },
        { $"{Js}/number-null-property.shp", "settlements", 4, "MultiPolygon", "EPSG:4326" },
        { $"{Arc}/polygon.shp", "settlements", 2, "MultiPolygon", "EPSG:3857" },
        { $"{Arc}/polygon_zm.shp", "settlements", 2, "MultiPolygon", "EPSG:3857" },
        { $"{Arc}/pt_utf8.shp", "facilities", 4, "Point", "EPSG:3857" },
        { $"{Nts}/Issues/011/WallaceMonument.zip", "settlements", 1, "MultiPolygon", "EPSG:4326" },
        { $"{Nts}/Issues/057/deter-nf-deter-public.shp", "settlements", 802, "MultiPolygon", "EPSG:4674" },
        { $"{Nts}/chinese_encoding.shp", "settlements", 78, "MultiPolygon", "EPSG:4326" },
        { $"{Nts}/nested_polygons.shp", "settlements", 1, "MultiPolygon", "EPSG:4326" },
        // Rejected, with the reason.
        { $"{Js}/null.shp", "facilities", null, ErrorCodes.EmptyGeometry, "EPSG:4326" },
        { $"{Js}/multipoints.shp", "facilities", null, ErrorCodes.WrongGeometryType, "EPSG:4326" },
        { $"{Js}/polylines.shp", "settlements", null, ErrorCodes.WrongGeometryType, "EPSG:4326" },
        { $"{Js}/empty.shp", "settlements", null, ErrorCodes.NoFeatures, "EPSG:4326" },
        { $"{Nts}/EmptyShapeFile.shp", "settlements", null, ErrorCodes.NoFeatures, "EPSG:4326" },
        { $"{Nts}/__emptyShapefile.shp", "settlements", null, ErrorCodes.NoFeatures, "EPSG:4326" },
        { $"{Nts}/Volume2.shp", "settlements", null, ErrorCodes.UnreadableFile, null },
        { $"{Nts}/christchurch-canterbury-h.shp", "settlements", null, ErrorCodes.UnreadableFile, null },
        { $"{Nts}/shape_pointZM_MissingM values.shp", "facilities", null, ErrorCodes.UnreadableFile, null },
        { $"{Nts}/afvalbakken.shp", "settlements", null, ErrorCodes.OutOfRangeCoordinate, "EPSG:4326" },
        { $"{Nts}/line_ed50_utm36.shp", "settlements", null, ErrorCodes.WrongGeometryType, "EPSG:4326" },
        { $"{Nts}/polygon intersecting line.shp", "settlements", null, ErrorCodes.SelfIntersection, "EPSG:4326" },
        { $"{Nts}/polygon_wgs84_geo.shp", "settlements", null, ErrorCodes.SelfIntersection, "EPSG:4326" },
        { $"{Nts}/Issues/039/Line/Line.shp", "settlements", null, ErrorCodes.WrongGeometryType, "EPSG:25830" },
        { $"{Nts}/Issues/027/faults_bounddaries.shp", "coverage", null, ErrorCodes.WrongGeometryType, "EPSG:4230" },
        { $"{Arc}/point.shp", "facilities", null, ErrorCodes.OutOfRangeCoordinate, "EPSG:4326" },
        { $"{Arc}/multipoint_zm.shp", "facilities", null, ErrorCodes.WrongGeometryType, "EPSG:4326" },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public async Task FixtureVerdict(string file, string role, int? count, string typeOrCode, string? crs)
    {
        DatasetRoles.TryParse(role, out var r);
        var options = new ImportOptions { Role = r, Kind = r == DatasetRole.Facilities ? "school" : null, Tech = Tech.G4 };
        var outcome = await ImportPipeline.ReadAsync(TestPaths.Fixture(file.Split('/')), Path.GetFileName(file), options);
        var report = outcome.Report;
        var problems = string.Join(" | ", report.Problems.Take(3).Select(p => $"{p.Code}: {p.Message}"));
        Assert.True(crs == report.SourceCrs, problems + " crs=" + report.SourceCrs);
        if (count is not null)
        {
            Assert.True(outcome.Accepted, problems);
            Assert.Equal(count, report.Imported);
            Assert.Equal(typeOrCode, report.GeometryType);
        }
        else
        {
            Assert.False(outcome.Accepted);
            Assert.True(report.Problems.Any(p => p.Code == typeOrCode), $"expected {typeOrCode}, got {problems}");
            Assert.All(report.Problems, p => Assert.StartsWith(Path.GetFileName(file), p.Message));
        }
    }

    public static TheoryData<string> ShapefileJsCases => new(
        Directory.EnumerateFiles(TestPaths.Fixture("shapefile-js-tests"), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(ShapefileJsCases))]
    public async Task ShapefileJsCaseMatchesItsExpectedJson(string name)
    {
        using var dir = new TempDir();
        var problems = new ProblemList(name + ".shp", 100);
        var context = new ReadContext(name + ".shp", new ImportOptions { Role = DatasetRole.Facilities }, problems, dir.Path, CancellationToken.None);
        var actual = await ShapefileReader.ReadAsync(TestPaths.Fixture("shapefile-js-tests", name + ".shp"), context);
        var expected = GeoJsonReader.Read(TestPaths.Fixture("shapefile-js-tests", name + ".json"), context);
        Assert.Equal(0, problems.FileLevelCount);
        Assert.Equal(expected.Features.Count, actual.Features.Count);
        for (var i = 0; i < expected.Features.Count; i++)
        {
            var e = expected.Features[i];
            var a = actual.Features[i];
            if (e.Geometry is null) Assert.True(a.Geometry is null || a.Geometry.IsEmpty, $"{name} #{i + 1}: expected no geometry");
            else
            {
                var flat = GeometryValidator.DropZM(a.Geometry!);
                Assert.True(Normal(e.Geometry).EqualsExact(Normal(flat), 1e-9), $"{name} #{i + 1}: {e.Geometry} vs {flat}");
            }
            foreach (var (key, value) in e.Attributes)
                Assert.Equal(Text(value), Text(a.Attributes.GetValueOrDefault(key)));
        }
    }

    // Polygons may come back as MultiPolygon of one; ring starts differ between writers.
    private static Geometry Normal(Geometry g)
    {
        var n = g is MultiPolygon { NumGeometries: 1 } or MultiLineString { NumGeometries: 1 } ? g.GetGeometryN(0).Copy() : g.Copy();
        n.Normalize();
        return n;
    }

    private static string? Text(object? v) => v switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s when s.Length == 10 && s[4] == '-' && s[7] == '-' => s.Replace("-", ""), // our dates are ISO, the JSON's yyyyMMdd
        _ => Convert.ToString(v, CultureInfo.InvariantCulture),
    };
}
