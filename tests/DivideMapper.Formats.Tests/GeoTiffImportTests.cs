using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Testing;
using NetTopologySuite.Geometries;
using static DivideMapper.Formats.Tests.ImportAssert;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// Population rasters (tests/fixtures/population, made by its make.sh): cell values, nodata, sample types,
/// compressions and layouts, CRSs, clipping, the block cap, and corrupt or truncated files.
/// </summary>
public sealed class GeoTiffImportTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static string Raster(string name) => TestPaths.Fixture("population", name);

    // The 6 × 5 grid of make.sh: one nodata cell, three zeros, 26 cells with 480.5 people.
    private static readonly double[,] Grid =
    {
        { 10, 20, 30, 40, 50, 60 }, { 5, double.NaN, 15, 25, 35, 45 }, { 0, 1, 2, 3, 4, 5 }, { 100, 0, 0, 7.5, 8, 9 }, { 1, 1, 1, 1, 1, 1 },
    };

    private static PopulationFeature Cell(ImportOutcome outcome, double lon, double lat) =>
        outcome.RoleRows.Cast<PopulationFeature>().Single(p => p.Geometry.Contains(new Point(lon, lat)));

    [Theory]
    [InlineData("grid-4326-float32-deflate-striped.tif", 1.0, "Float32")]
    [InlineData("grid-4326-float64-deflate-tiled.tif", 1.0, "Float64")]
    [InlineData("grid2-4326-int16-lzw-tiled.tif", 2.0, "Int16")]
    [InlineData("grid2-4326-int32-bigendian-striped.tif", 2.0, "Int32")]
    public void EveryCellWithPeopleBecomesItsPolygonWithItsValue(string file, double factor, string sampleType)
    {
        var outcome = Accepted(Read(Raster(file), DatasetRole.Population), 26, "Polygon");
        var raster = outcome.Report.Raster!;
        Assert.Equal((6, 5, sampleType), (raster.Width, raster.Height, raster.SampleType));
        Assert.Equal((30L, 26L, 1L, 3L), (raster.CellsRead, raster.CellsKept, raster.CellsNoData, raster.CellsEmpty));
        Near(480.5 * factor, raster.PeopleKept, 1e-9);
        Assert.Equal("EPSG:4326", outcome.Report.SourceCrs);
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < 6; c++)
            {
                if (!(Grid[r, c] > 0)) continue;
                var cell = Cell(outcome, 36.8 + c * 0.001 + 0.0005, -1.3 - r * 0.001 - 0.0005);
                Assert.Equal(PopulationKind.Cell, cell.Kind);
                Near(Grid[r, c] * factor, cell.People, 1e-9);
                Near(0.001 * 0.001, cell.Geometry.Area, 1e-12); // exactly one cell, corners on the grid
                Assert.True(cell.Geometry.IsValid);
            }
    }

    [Fact]
    public void NodataAndZeroCellsAreNotStored()
    {
        var outcome = Read(Raster("grid-4326-float32-deflate-striped.tif"), DatasetRole.Population);
        // The nodata cell (row 1, col 1) and a zero (row 2, col 0) have no row.
        Assert.DoesNotContain(outcome.RoleRows.Cast<PopulationFeature>(), p => p.Geometry.Contains(new Point(36.8015, -1.3015)));
        Assert.DoesNotContain(outcome.RoleRows.Cast<PopulationFeature>(), p => p.Geometry.Contains(new Point(36.8005, -1.3025)));
        Assert.Equal(-9999, outcome.Report.Raster!.NoData);
    }

    [Fact]
    public void ProjectedRasterKeepsItsTotalAndPlacesCellsInLonLat()
    {
        var outcome = Read(Raster("smooth-32737-float32.tif"), DatasetRole.Population);
        Accepted(outcome, 1200, "Polygon");
        Assert.Equal("EPSG:32737", outcome.Report.SourceCrs);
        Near(40050, outcome.Report.Raster!.PeopleKept, 1e-6);
        var env = new Envelope();
        foreach (PopulationFeature p in outcome.RoleRows) env.ExpandToInclude(p.Geometry.EnvelopeInternal);
        Assert.InRange(env.MinX, 36.79, 36.81);
        Assert.InRange(env.MaxY, -1.29, -1.28);
    }

    [Fact]
    public void CellsOutsideTheClipBoxAreCountedNotKept()
    {
        // The left three columns only (lon 36.800–36.803), minus a hair so the fourth column's edge does not touch.
        var outcome = Read(Raster("grid-4326-float32-deflate-striped.tif"), DatasetRole.Population,
            o => o with { ClipBox = new ClipBox(36.79, -1.4, 36.8029, -1.2) });
        var raster = outcome.Report.Raster!;
        Assert.True(outcome.Accepted);
        Assert.Equal(11, raster.CellsKept); // 10 20 30 | 5 15 | 1 2 | 100 | 1 1 1
        Near(10 + 20 + 30 + 5 + 15 + 1 + 2 + 100 + 3, raster.PeopleKept, 1e-9);
        Assert.Equal(30 - 11 - 1 - 3, raster.CellsOutsideClip);
    }

    [Fact]
    public void RasterFarFromTheProjectIsRefusedWithAReason()
    {
        var problem = Rejected(Read(Raster("grid-4326-float32-deflate-striped.tif"), DatasetRole.Population,
            o => o with { ClipBox = new ClipBox(10, 10, 11, 11) }), ErrorCodes.NoFeatures);
        Assert.Contains("project's settlements", problem.Message);
    }

    [Fact]
    public void RasterLargerThanTheMemoryCapImportsBlockByBlock()
    {
        // 4096 × 4096 Float32 cells decode to 64 MB; the reader may hold 1 MB at once. People only in a 50 × 40 patch.
        var path = _dir.File("big.tif");
        TestGeoTiff.Write(path, 4096, 4096, 36.0, -1.0, 0.0001, 4326, (c, r) => c is >= 3000 and < 3050 && r is >= 100 and < 140 ? 2.5f : 0f);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = Read(path, DatasetRole.Population, o => o with { Limits = o.Limits with { MaxRasterBlockBytes = 1024 * 1024 } });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Accepted(outcome, 2000, "Polygon");
        Near(5000, outcome.Report.Raster!.PeopleKept, 1e-9);
        Assert.True(allocated < 64L * 1024 * 1024, $"reading allocated {allocated / 1048576.0:0.0} MB; the raster must not be decoded at once");
    }

    [Fact]
    public void AModelTransformationMatrixPlacesCellsLikeScaleAndTiePoint()
    {
        float People(int c, int r) => 1 + (c * 3 + r * 5) % 11;
        var tiepoint = _dir.File("tiepoint.tif");
        var matrix = _dir.File("matrix.tif");
        TestGeoTiff.Write(tiepoint, 40, 30, 36.8, -1.3, 0.0005, 4326, People, tile: 16);
        TestGeoTiff.Write(matrix, 40, 30, 36.8, -1.3, 0.0005, 4326, People, tile: 16, modelTransformation: true);

        var expected = Read(tiepoint, DatasetRole.Population).RoleRows.Cast<PopulationFeature>().ToList();
        var actual = Read(matrix, DatasetRole.Population).RoleRows.Cast<PopulationFeature>().ToList();

        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Count > 900);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].People, actual[i].People);
            Assert.True(expected[i].Geometry.EqualsExact(actual[i].Geometry, 1e-12), $"cell {i}: {actual[i].Geometry} vs {expected[i].Geometry}");
        }
        // And the matrix's origin is where the first cell starts: the north-west corner of the grid.
        var first = actual.Single(p => p.Geometry.Contains(new Point(36.80025, -1.30025)));
        Assert.Equal(People(0, 0), first.People);
    }

    [Fact]
    public void AStripLargerThanTheBlockCapIsRefused()
    {
        var path = _dir.File("one-strip.tif");
        TestGeoTiff.Write(path, 1024, 1024, 36.0, -1.0, 0.0001, 4326, (_, _) => 1f, tile: null, rowsPerStrip: 1024);
        var problem = Rejected(Read(path, DatasetRole.Population, o => o with { Limits = o.Limits with { MaxRasterBlockBytes = 1024 * 1024 } }),
            ErrorCodes.UnsupportedRaster);
        Assert.Contains("TILED=YES", problem.Message);
    }

    [Fact]
    public void TruncatedTiffIsRefusedAsCorrupt()
    {
        var path = _dir.File("truncated.tif");
        TestGeoTiff.Write(path, 512, 512, 36.0, -1.0, 0.0001, 4326, (c, r) => (c * 7 + r * 13) % 17, tile: 256);
        var bytes = File.ReadAllBytes(path);
        // Tiles are written first and the directory last: keep the directory, lose the middle of the tile data.
        var cut = bytes.AsSpan(0, bytes.Length / 3).ToArray().Concat(new byte[bytes.Length / 3]).Concat(bytes.AsSpan(2 * bytes.Length / 3).ToArray()).ToArray();
        File.WriteAllBytes(path, cut);
        var problem = Rejected(Read(path, DatasetRole.Population), ErrorCodes.CorruptRaster);
        Assert.Contains("truncated", problem.Message);
    }

    [Fact]
    public void TiffCutShortIsRefused()
    {
        var path = _dir.File("short.tif");
        var bytes = File.ReadAllBytes(Raster("grid-4326-float32-deflate-striped.tif"));
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var outcome = Read(path, DatasetRole.Population);
        Assert.False(outcome.Accepted);
        Assert.Empty(outcome.RoleRows);
        Assert.Contains(outcome.Report.Problems, p => p.Code is ErrorCodes.CorruptRaster or ErrorCodes.UnknownCrs);
    }

    [Fact]
    public void RasterForAnotherRoleIsRefused()
    {
        var problem = Rejected(Read(Raster("grid-4326-float32-deflate-striped.tif"), DatasetRole.Coverage), ErrorCodes.UnsupportedFormat);
        Assert.Contains("role population", problem.Message);
    }

    [Fact]
    public void BuildingFootprintsGetPeopleByTheStatedRule()
    {
        var geojson = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"floors":3},"geometry":{"type":"Polygon","coordinates":[[[36.8,-1.3],[36.8001,-1.3],[36.8001,-1.3001],[36.8,-1.3001],[36.8,-1.3]]]}},
             {"type":"Feature","properties":{"height":6.2},"geometry":{"type":"Polygon","coordinates":[[[36.801,-1.3],[36.8011,-1.3],[36.8011,-1.3001],[36.801,-1.3001],[36.801,-1.3]]]}},
             {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[36.802,-1.3],[36.8021,-1.3],[36.8021,-1.3001],[36.802,-1.3001],[36.802,-1.3]]]}}]}
            """;
        var path = _dir.File("buildings.geojson");
        File.WriteAllText(path, geojson);
        var perBuilding = Accepted(Read(path, DatasetRole.Population, o => o with { PeoplePerBuilding = 4 }), 3, "Polygon");
        Assert.Equal([12.0, 8.0, 4.0], perBuilding.RoleRows.Cast<PopulationFeature>().Select(p => p.People));
        Assert.All(perBuilding.RoleRows.Cast<PopulationFeature>(), p => Assert.Equal(PopulationKind.Building, p.Kind));
        Assert.Contains("4 people per building", perBuilding.Report.PopulationRule);

        var perM2 = Read(path, DatasetRole.Population, o => o with { PeoplePerM2 = 0.02 });
        var footprint = 0.0001 * 111_195.08 * 0.0001 * 111_195.08 * Math.Cos(1.30005 * Math.PI / 180); // ≈ 123.6 m²
        Near(0.02 * footprint * 3, perM2.RoleRows.Cast<PopulationFeature>().First().People, 0.01);
    }

    [Fact]
    public void PopulationFeaturesWithoutAValueOrRuleAreRefused()
    {
        var path = _dir.File("points.geojson");
        File.WriteAllText(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[36.8,-1.3]}}]}""");
        var problem = Rejected(Read(path, DatasetRole.Population), ErrorCodes.MissingAttribute);
        Assert.Contains("people-per-building", problem.Message);

        File.WriteAllText(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"pop":42},"geometry":{"type":"Point","coordinates":[36.8,-1.3]}}]}""");
        var point = (PopulationFeature)Accepted(Read(path, DatasetRole.Population), 1, "Point").RoleRows[0];
        Assert.Equal((PopulationKind.Point, 42.0), (point.Kind, point.People));
    }
}
