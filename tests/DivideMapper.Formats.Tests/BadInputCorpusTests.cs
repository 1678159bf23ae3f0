using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;

namespace DivideMapper.Formats.Tests;

/// <summary>Every bad input is rejected with its code and a message naming the file and reason; nothing crashes.</summary>
public sealed class BadInputCorpusTests
{
    public static TheoryData<string> Names => new(BadInputCorpus.All.Select(b => b.Name));

    [Fact]
    public void CorpusHasAtLeastAHundredDistinctInputs()
    {
        Assert.True(BadInputCorpus.All.Count >= 100, $"only {BadInputCorpus.All.Count}");
        Assert.Equal(BadInputCorpus.All.Count, BadInputCorpus.All.Select(b => b.Name).Distinct().Count());
        Assert.All(BadInputCorpus.All, b => Assert.Contains(b.ExpectedCode, ErrorCodes.ImportProblems));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task BadInputIsRejectedWithItsCode(string name)
    {
        var input = BadInputCorpus.Get(name);
        using var dir = new TempDir();
        var path = input.Write(dir.Path);
        var fileName = Path.GetFileName(path);

        var outcome = await ImportPipeline.ReadAsync(path, fileName, input.Options);

        var report = outcome.Report;
        var listed = string.Join(" | ", report.Problems.Select(p => $"{p.Code}: {p.Message}"));
        Assert.False(outcome.Accepted, $"{name} was accepted");
        Assert.Empty(outcome.RoleRows);
        Assert.Equal(0, report.Imported);
        var problem = report.Problems.FirstOrDefault(p => p.Code == input.ExpectedCode);
        Assert.True(problem is not null, $"{name}: expected {input.ExpectedCode}, got {listed}");
        Assert.StartsWith(fileName, problem!.Message);
        Assert.True(problem.Message.Length > fileName.Length + 20, $"{name}: message gives no reason: {problem.Message}");
        if (problem.Feature is { } feature)
            Assert.True(problem.Message.Contains($"feature {feature}") || problem.Message.Contains($"row {feature}"), problem.Message);
    }

}

/// <summary>Counts temp folders, so it must not run beside other imports.</summary>
[CollectionDefinition(nameof(TempFolderCount), DisableParallelization = true)]
public sealed class TempFolderCount;

[Collection(nameof(TempFolderCount))]
public sealed class TempCleanupTests
{
    [Fact]
    public async Task TempFilesAreCleanedUpAfterHostileInputs()
    {
        // A temp folder of this test's own (the collection runs alone, so no other test sees TMPDIR change): other
        // processes' imports in the shared /tmp cannot change the count.
        var own = Directory.CreateTempSubdirectory("dividemapper-tempcount-");
        var saved = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", own.FullName + Path.DirectorySeparatorChar);
        try
        {
            Assert.Equal(own.FullName + Path.DirectorySeparatorChar, Path.GetTempPath());
            using var dir = new TempDir();
            var inputs = new[] { "zip-traversal", "zip-bomb-total", "gpkg-garbage-after-magic", "zip-garbage-shapefile" };
            foreach (var name in inputs)
            {
                var input = BadInputCorpus.Get(name);
                var path = input.Write(dir.Path);
                await ImportPipeline.ReadAsync(path, Path.GetFileName(path), input.Options);
            }
            Assert.Empty(Directory.EnumerateDirectories(own.FullName, "dividemapper-import-*"));
            Assert.False(File.Exists(Path.Combine(own.FullName, "evil.shp")));
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(own.FullName)!, "evil.shp")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", saved);
            own.Delete(recursive: true);
        }
    }
}
