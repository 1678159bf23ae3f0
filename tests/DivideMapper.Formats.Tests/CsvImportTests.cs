using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using static DivideMapper.Formats.Tests.ImportAssert;

namespace DivideMapper.Formats.Tests;

public sealed class CsvImportTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text, bool bom = false)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    [Fact]
    public void LonLatColumnsBecomePoints()
    {
        var path = Write("schools.csv", "name,amenity,longitude,latitude,connected\nOlympic,school,36.7856,-1.3122,no\nAyany,school,36.7801,-1.3050,yes\n");
        var outcome = Accepted(Read(path, DatasetRole.Facilities), 2, "Point");
        Assert.Equal("csv", outcome.Report.Format);
        Assert.Equal(36.7856, outcome.Facilities[0].Geometry.X);
        Assert.Equal(-1.3122, outcome.Facilities[0].Geometry.Y);
        Assert.False(outcome.Facilities[0].Connected);
        Assert.True(outcome.Facilities[1].Connected);
    }

    [Fact]
    public void WktColumnBecomesPolygons()
    {
        var path = Write("cov.csv", "operator,tech,wkt\nSafaricom,LTE,\"POLYGON((36.8 -1.3,36.81 -1.3,36.81 -1.29,36.8 -1.29,36.8 -1.3))\"\n");
        var outcome = Accepted(Read(path, DatasetRole.Coverage), 1, "MultiPolygon");
        Assert.Equal(Tech.G4, outcome.Coverage[0].Tech);
        Assert.Equal("Safaricom", outcome.Coverage[0].Operator);
    }

    [Fact]
    public void SemicolonWithBomAndDecimalCommaIsRead()
    {
        var path = Write("speed.csv", "lat;lon;down_mbps;up_mbps;tests;devices\n-1,3;36,8;12,5;3,2;40;25\n", bom: true);
        var outcome = Accepted(Read(path, DatasetRole.Measurements, o => o with { Period = "2024Q1" }), 1, "Point");
        var m = outcome.Measurements[0];
        Assert.Equal(12500, m.DownKbps);
        Assert.Equal(3200, m.UpKbps);
        Assert.Equal(40, m.Tests);
        Assert.Equal(25, m.Devices);
        Assert.Equal("2024Q1", m.Period);
        Assert.Equal(36.8, m.Geometry.Coordinate.X);
    }

    [Fact]
    public void OpenCellIdExportBecomesSites()
    {
        var path = Write("cells.csv",
            "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n" +
            "GSM,639,2,100,2001,0,36.8219,-1.2921,1500,12,1,1459697358,1459697358,0\n" +
            "UMTS,639,3,100,2002,0,36.83,-1.29,0,3,1,1459697358,1459697358,0\n" +
            "LTE,639,2,101,2003,0,36.84,-1.28,,3,1,1459697358,1459697358,0\n" +
            "NR,639,7,101,2004,0,36.85,-1.27,300,3,1,1459697358,1459697358,0\n");
        var outcome = Accepted(Read(path, DatasetRole.Sites, o => o with { DefaultRangeM = 2500 }), 4, "Point");
        Assert.Equal("opencellid-csv", outcome.Report.Format);
        Assert.Equal([Tech.G2, Tech.G3, Tech.G4, Tech.G5], outcome.Sites.Select(s => s.Tech));
        Assert.Equal([1500, 2500, 2500, 300], outcome.Sites.Select(s => s.RangeM!.Value));
        Assert.Equal("639-2", outcome.Sites[0].Operator);
        Assert.Equal("GSM-639-2-100-2001", outcome.Rows[0].SourceId);
        Assert.Equal("12", outcome.Rows[0].Properties["samples"]);
    }

    [Fact]
    public void HeaderlessOpenCellIdExportIsRecognised()
    {
        var path = Write("639.csv", "LTE,639,2,101,2003,0,36.84,-1.28,1000,3,1,1459697358,1459697358,0\n");
        var outcome = Accepted(Read(path, DatasetRole.Sites), 1, "Point");
        Assert.Equal(Tech.G4, outcome.Sites[0].Tech);
        Assert.Equal(1000, outcome.Sites[0].RangeM);
    }

    [Fact]
    public void TabSeparatedLatin1IsReadWithAWarning()
    {
        var path = _dir.File("f.tsv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("x\ty\tkind\tname\n-17.47\t14.72\tschool\tÉcole Sénégal\n"));
        var outcome = Accepted(Read(path, DatasetRole.Facilities), 1, "Point");
        Assert.Equal("École Sénégal", outcome.Facilities[0].Name);
        Assert.Contains(outcome.Report.Warnings, w => w.Contains("Windows-1252"));
    }

    [Fact]
    public void ProblemsNameTheDataRow()
    {
        var path = Write("rows.csv", "lon,lat,kind\n36.8,-1.3,school\n36.8,abc,school\n");
        var problem = Rejected(Read(path, DatasetRole.Facilities), ErrorCodes.InvalidValue);
        Assert.Equal(2, problem.Feature);
        Assert.Equal("lat", problem.Field);
        Assert.StartsWith("rows.csv, row 2: lat \"abc\" is not a number", problem.Message);
    }

    [Fact]
    public void SridOverrideReprojectsProjectedXy()
    {
        var path = Write("utm.csv", "x,y,kind\n257141,9857073,clinic\n");
        var outcome = Accepted(Read(path, DatasetRole.Facilities, o => o with { Srid = 32737 }), 1, "Point");
        Assert.Equal("EPSG:32737", outcome.Report.SourceCrs);
        Assert.InRange(outcome.Facilities[0].Geometry.X, 36.8, 36.84);
    }
}

/// <summary>The duplicate-id check keeps digit ids as 64-bit keys (SeenIds): it must stay exact.</summary>
public sealed class SeenIdsTests
{
    [Fact]
    public void DigitIdsAreComparedExactlyAndApartFromTextIds()
    {
        var ids = new SeenIds();
        string[] distinct = ["7", "007", "07", "0", "00", "12345678901234567", "99999999999999999", "123456789012345678", "1234567890123456789", "7a", "a7", "٣", " 7", "-7"];
        for (var i = 0; i < distinct.Length; i++) Assert.True(ids.TryAdd(distinct[i], i + 1, out _), distinct[i]);
        for (var i = 0; i < distinct.Length; i++)
        {
            Assert.False(ids.TryAdd(distinct[i], 100 + i, out var first), distinct[i]);
            Assert.Equal(i + 1, first);
        }
        Assert.Equal(distinct.Length, ids.Count);
        // Every digit string of up to 17 digits has a key of its own: the length goes in the high bits.
        Assert.NotEqual(SeenIds.DigitsKey("1"), SeenIds.DigitsKey("01"));
        Assert.Null(SeenIds.DigitsKey("123456789012345678")); // 18 digits: kept as text
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RunsAndSingleKeysAnswerAsAPlainDictionary(int seed)
    {
        // Ids in runs (rising, falling, overlapping earlier runs), scattered ids, leading zeros and text, with repeats.
        var random = new Random(seed);
        var ids = new List<string>();
        while (ids.Count < 30_000)
        {
            var start = random.Next(0, 5000);
            var length = random.Next(4) == 0 ? random.Next(1, 4) : random.Next(1, 200);
            for (var i = 0; i < length; i++) ids.Add((random.Next(50) == 0 ? "0" : "") + (start + i));
            if (random.Next(20) == 0) ids.Add("site-" + random.Next(300));
        }
        var seen = new SeenIds();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var feature = i + 1;
            var added = seen.TryAdd(ids[i], feature, out var first);
            Assert.Equal(reference.TryAdd(ids[i], feature), added);
            if (!added) Assert.Equal(reference[ids[i]], first);
        }
        Assert.Equal(reference.Count, seen.Count);
    }

    [Fact]
    public void RowNumbersInOrderAreAFewRuns()
    {
        var seen = new SeenIds();
        for (var i = 1; i <= 200_000; i++) Assert.True(seen.TryAdd(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i, out _));
        Assert.Equal(6, seen.RunCount); // 1–9, 10–99 … 100000–200000: one per digit count
        Assert.False(seen.TryAdd("123456", 200_001, out var first));
        Assert.Equal(123456, first);
    }

    [Fact]
    public async Task ADuplicateDigitIdNamesTheFirstRow()
    {
        using var dir = new TempDir();
        var path = dir.File("speed.csv");
        File.WriteAllText(path, "id,tests,devices,avg_d_kbps,lon,lat\n10,3,1,5000,36.8,-1.3\n010,3,1,5000,36.8,-1.3\n10,3,1,5000,36.8,-1.3\n");
        var outcome = await ImportPipeline.ReadAsync(path, "speed.csv", new ImportOptions { Role = DatasetRole.Measurements });
        var problem = Assert.Single(outcome.Report.Problems);
        Assert.Equal(ErrorCodes.DuplicateId, problem.Code);
        Assert.Equal(3, problem.Feature);
        Assert.Contains("already used by feature 1", problem.Message, StringComparison.Ordinal);
    }
}
