using System.Globalization;
using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;
using static DivideMapper.Formats.Tests.ImportAssert;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// Clipping to the project area (DESIGN §7): rows of coverage, sites, measurements and population that do not touch the
/// settlements' box plus the margin are not kept and are counted; settlements are never clipped.
/// </summary>
public sealed class ProjectAreaClipTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    // A settlement box around Nairobi, grown by the default 2 km.
    private static readonly ClipBox Nairobi = ClipBox.Around(36.80, -1.30, 36.82, -1.28, 2000);

    private const double MetresPerDegree = 6_371_008.8 * Math.PI / 180;

    /// <summary>Degrees of longitude that make <paramref name="metres"/> along latitude <paramref name="lat"/>.</summary>
    private static double LonDegrees(double metres, double lat) => metres / (MetresPerDegree * Math.Cos(lat * Math.PI / 180));

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static Func<ImportOptions, ImportOptions> Clip(ClipBox box, Tech? tech = null) => o => o with { ClipBox = box, Tech = tech };

    [Fact]
    public void CoverageOverlappingTheAreaIsKeptWholeAndTheRestIsCounted()
    {
        // One polygon reaching 0.05° into the area from far east (kept whole), two wholly outside.
        var path = Write("coverage.geojson", TestFiles.FeatureCollection([
            (TestFiles.Square(Nairobi.MaxLon - 0.05, -1.30, 1.0), """{"operator":"A"}"""),
            (TestFiles.Square(40, 5, 0.1), """{"operator":"B"}"""),
            (TestFiles.Square(-70, -10, 0.1), """{"operator":"C"}"""),
        ]));
        var outcome = Accepted(Read(path, DatasetRole.Coverage, Clip(Nairobi, Tech.G4)), 1, "MultiPolygon");
        Assert.Equal(3, outcome.Report.Features);
        Assert.Equal(2, outcome.Report.OutsideProjectArea);
        Assert.Equal("A", outcome.Coverage[0].Operator);
        Near(1.0, outcome.Coverage[0].Geometry.Area, 1e-9); // not cut at the box
        Assert.Equal(Nairobi.ToArray(), outcome.Report.ProjectArea!.Bbox);
        Assert.Equal(2000, outcome.Report.ProjectArea.MarginM);
        Assert.Contains("\"outsideProjectArea\":2", outcome.Report.ToJson());
    }

    [Fact]
    public void APolygonWhoseEnvelopeOnlyReachesTheAreaIsOutside()
    {
        // A thin diagonal strip from south-west to north-east of the box passes beside its south-east corner.
        var (x, y) = (Nairobi.MaxLon + 0.01, Nairobi.MinLat - 0.01);
        var strip = FormattableString.Invariant(
            $$"""{"type":"Polygon","coordinates":[[[{{x - 0.5}},{{y - 0.5}}],[{{x + 0.5}},{{y + 0.5}}],[{{x + 0.501}},{{y + 0.499}}],[{{x - 0.499}},{{y - 0.501}}],[{{x - 0.5}},{{y - 0.5}}]]]}""");
        var path = Write("strip.geojson", TestFiles.FeatureCollection([(strip, null), (TestFiles.Square(36.81, -1.29, 0.001), null)]));
        var outcome = Accepted(Read(path, DatasetRole.Coverage, Clip(Nairobi, Tech.G4)), 1, "MultiPolygon");
        Assert.Equal(1, outcome.Report.OutsideProjectArea);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(70.0)]
    public void TheMarginIsMetresAtTheBoxsLatitude(double lat)
    {
        // Points east of the box along its poleward edge, at 1.9 and 2.1 km: at 70° N a degree of longitude is a third
        // of the equator's, so a margin taken as equator degrees would keep only ~680 m and drop both.
        var box = ClipBox.Around(20, lat - 0.01, 20.01, lat, 2000);
        var near = 20.01 + LonDegrees(1900, lat);
        var far = 20.01 + LonDegrees(2100, lat);
        var north = 0.01 + 1900 / MetresPerDegree; // 1.9 km north of the box is inside, 2.1 km is not
        var csv = string.Create(CultureInfo.InvariantCulture,
            $"lon,lat,down,tests\n{near},{lat},9,1\n{far},{lat},9,2\n20.005,{lat - 0.01 + north},9,3\n20.005,{lat + 2100 / MetresPerDegree},9,4\n");
        var outcome = Accepted(Read(Write("speed.csv", csv), DatasetRole.Measurements, Clip(box)), 2, "Point");
        Assert.Equal(2, outcome.Report.OutsideProjectArea);
        Assert.Equal([1, 3], outcome.Measurements.Select(m => m.Tests).ToArray());
    }

    [Fact]
    public void ASiteIsKeptWhenItsRangeReachesTheArea()
    {
        // 10 km east of the box: a 2G mast (12 km default range) reaches it, a 5G one (500 m) and a 2G one with a
        // stated 3 km range do not.
        var lon = Nairobi.MaxLon + LonDegrees(10_000, -1.28);
        var csv = string.Create(CultureInfo.InvariantCulture, $"id,radio,range,lon,lat\n1,GSM,,{lon},-1.29\n2,NR,,{lon},-1.29\n3,GSM,3000,{lon},-1.29\n4,LTE,,36.81,-1.29\n");
        var outcome = Accepted(Read(Write("sites.csv", csv), DatasetRole.Sites, Clip(Nairobi)), 2, "Point");
        Assert.Equal(2, outcome.Report.OutsideProjectArea);
        Assert.Equal([Tech.G2, Tech.G4], outcome.Sites.Select(s => s.Tech).ToArray());
    }

    [Fact]
    public void ABrokenPolygonFarAwayDoesNotRejectTheFile()
    {
        var bowTie = """{"type":"Polygon","coordinates":[[[10,10],[11,11],[11,10],[10,11],[10,10]]]}""";
        var path = Write("world.geojson", TestFiles.FeatureCollection([(bowTie, null), (TestFiles.Square(36.81, -1.29, 0.001), null)]));
        var outcome = Accepted(Read(path, DatasetRole.Coverage, Clip(Nairobi, Tech.G3)), 1, "MultiPolygon");
        Assert.Equal(0, outcome.Report.Rejected);
        Assert.Equal(1, outcome.Report.OutsideProjectArea);
    }

    [Fact]
    public void AFileWithNothingInTheAreaIsRefusedWithTheCounts()
    {
        var path = Write("lima.geojson", TestFiles.FeatureCollection([(TestFiles.Square(-77.1, -12.1, 0.01), null), (TestFiles.Square(-77.0, -12.0, 0.01), null)]));
        var problem = Rejected(Read(path, DatasetRole.Coverage, Clip(Nairobi, Tech.G4)), ErrorCodes.NoFeatures);
        Assert.Contains("none of its features lies within the project area", problem.Message);
        Assert.Contains("2 outside", problem.Message);
        Assert.Contains("2000 m", problem.Message);
    }

    [Fact]
    public void SettlementsAndFacilitiesAreNeverClipped()
    {
        var path = Write("far.geojson", TestFiles.FeatureCollection([(TestFiles.Square(-77.1, -12.1, 0.01), """{"name":"Lima","kind":"informal"}""")]));
        var outcome = Accepted(Read(path, DatasetRole.Settlements, Clip(Nairobi)), 1, "MultiPolygon");
        Assert.Equal(0, outcome.Report.OutsideProjectArea);
        Assert.Null(outcome.Report.ProjectArea);
        var school = Write("school.geojson", TestFiles.FeatureCollection([(TestFiles.Point(-77, -12), """{"kind":"school"}""")]));
        Assert.Equal(0, Accepted(Read(school, DatasetRole.Facilities, Clip(Nairobi)), 1, "Point").Report.OutsideProjectArea);
    }

    [Fact]
    public void ProjectedCoverageIsClippedAfterReprojection()
    {
        // UTM 37S squares: one in Nairobi (~36.81, −1.29), one 50 km east.
        var path = Write("utm.geojson", TestFiles.FeatureCollection([
            (TestFiles.Square(257000, 9857000, 500), null), (TestFiles.Square(307000, 9857000, 500), null),
        ], crs: "urn:ogc:def:crs:EPSG::32737"));
        var outcome = Accepted(Read(path, DatasetRole.Coverage, Clip(Nairobi, Tech.G4)), 1, "MultiPolygon");
        Assert.Equal(1, outcome.Report.OutsideProjectArea);
    }

    [Fact]
    public async Task StreamedCsvRowsAreClippedLikeTheBatchPath()
    {
        var text = new StringBuilder("lon,lat,down,tests,devices\n");
        for (var i = 0; i < 50; i++) text.Append(CultureInfo.InvariantCulture, $"{(i % 2 == 0 ? 36.81 : 3.0)},{-1.29 + i * 1e-5},900,{i + 1},1\n");
        var path = Write("points.csv", text.ToString());
        var options = new ImportOptions { Role = DatasetRole.Measurements, ClipBox = Nairobi };
        var recorder = new List<object>();
        var streamed = await ImportPipeline.ReadAsync(path, "points.csv", options, new Rows(recorder));
        Assert.True(streamed.Streamed);
        Assert.Equal(25, streamed.Report.Imported);
        Assert.Equal(25, streamed.Report.OutsideProjectArea);
        Assert.Equal(25, recorder.Count);
        var plain = Read(path, DatasetRole.Measurements, o => o with { ClipBox = Nairobi });
        Assert.Equal(plain.Report.ToJson(), streamed.Report.ToJson());
    }

    private sealed class Rows(List<object> rows) : IRowStream
    {
        public void Begin(string sha256) { }
        public void Add(object row, ImportedRow source) => rows.Add(row);

        public Task DiscardAsync()
        {
            rows.Clear();
            return Task.CompletedTask;
        }
    }
}
