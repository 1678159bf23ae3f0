using static DivideMapper.Testing.GeoFiles;
using System.IO.Compression;
using DivideMapper.Sample;
using DivideMapper.Formats.Writers;


namespace DivideMapper.Sample.Tests;

/// <summary>sample-data/ must be what the generator writes today (seed 42, small); regenerate it when this fails.</summary>
public class CommittedSampleDataTests
{
    [Fact]
    public async Task CommittedSampleDataMatchesTheGenerator()
    {
        var committed = Path.Combine(RepoPaths.Root, "sample-data");
        using var fresh = new TempDir();
        await SampleCityWriter.WriteAsync(SampleCityGenerator.Generate(42, SampleSize.Small), fresh.Path);

        // Text files are ours byte for byte; zip and GeoPackage bytes also depend on zlib and GDAL versions,
        // so those are compared by content.
        foreach (var file in new[] { "settlements.geojson", "context.geojson", "cell_sites.csv", "speed_tiles_2024q1.csv", "speed_tiles_2024q3.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(committed, file)).SequenceEqual(File.ReadAllBytes(fresh.File(file))),
                $"sample-data/{file} is stale: run ./dm sample --seed 42 --size small --out sample-data");
        Assert.Equal(Entries(fresh.File("coverage.zip")), Entries(Path.Combine(committed, "coverage.zip")));
        var expected = Body(await OgrInfoAsync("-al", fresh.File("facilities.gpkg")));
        Assert.Equal(expected, Body(await OgrInfoAsync("-al", Path.Combine(committed, "facilities.gpkg"))));
        Assert.True(File.Exists(Path.Combine(committed, "README.md")));
        Assert.True(File.Exists(Path.Combine(committed, "LICENSE")));
    }

    private static Dictionary<string, string> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(copy.ToArray()));
        });
    }

    // ogrinfo's first lines name the file path, which differs.
    private static string Body(string info) => info[info.IndexOf("Layer name:", StringComparison.Ordinal)..];
}
