using System.IO.Compression;
using System.Security.Cryptography;
using DivideMapper.Formats.Gdal;
using DivideMapper.Testing;

namespace DivideMapper.Cli.Tests;

/// <summary><c>dm sample</c> needs no database; seed 42, small is the committed sample-data/.</summary>
public sealed class SampleCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dm-sample-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task SampleSmallSeed42WritesTheCommittedSampleData()
    {
        var output = Path.Combine(_dir, "out");

        var result = await DmProcess.RunAsync(null, "sample", "--size", "small", "--seed", "42", "--out", output);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var committed = Path.Combine(RepoPaths.Root, "sample-data");
        // As CommittedSampleDataTests: our text files byte for byte; zip and GeoPackage bytes also depend on the zlib
        // and GDAL versions, so those by content.
        foreach (var file in new[] { "settlements.geojson", "context.geojson", "cell_sites.csv", "speed_tiles_2024q1.csv", "speed_tiles_2024q3.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(committed, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(output, file))),
                $"{file} differs from sample-data/{file}");
        Assert.Equal(ZipEntries(Path.Combine(committed, "coverage.zip")), ZipEntries(Path.Combine(output, "coverage.zip")));
        Assert.Equal(await OgrInfoBodyAsync(Path.Combine(committed, "facilities.gpkg")), await OgrInfoBodyAsync(Path.Combine(output, "facilities.gpkg")));
        Assert.False(File.Exists(Path.Combine(output, "speed_points.csv")), "the small sample has no speed points");
        Assert.Contains("Sample city seed 42, size small: 7 files", result.StandardOutput);
    }

    [Fact]
    public async Task AnUnknownSizeIsAUsageErrorNamingTheSizes()
    {
        var output = Path.Combine(_dir, "never");

        var result = await DmProcess.RunAsync(null, "sample", "--size", "huge", "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("huge", result.StandardError);
        Assert.Contains("small, w1, w1x4, w2", result.StandardError);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task SampleWithoutOutIsAUsageError()
    {
        var result = await DmProcess.RunAsync(null, "sample", "--size", "small");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--out", result.StandardError);
    }

    private static Dictionary<string, string> ZipEntries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            return Convert.ToHexString(SHA256.HashData(stream));
        });
    }

    // ogrinfo's first lines name the file's path, which differs.
    private static async Task<string> OgrInfoBodyAsync(string path)
    {
        var info = await GdalAdapter.RunAsync("ogrinfo", ["-al", path], TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(info.Succeeded, info.StandardError);
        return info.StandardOutput[info.StandardOutput.IndexOf("Layer name:", StringComparison.Ordinal)..];
    }
}
