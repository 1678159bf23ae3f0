using DivideMapper.Data.Storage;
using DivideMapper.Formats.Tests.Corpus;
using DivideMapper.Testing;

namespace DivideMapper.Data.Tests;

/// <summary>Every input of the bad-input corpus, through the real import into PostGIS: rejected, and zero rows stored.</summary>
public sealed class ImportCorpusTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    public static TheoryData<string> BadInputs => new(BadInputCorpus.All.Select(b => b.Name));

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIsRejectedWithItsCodeAndNothingIsStored(string name)
    {
        var input = BadInputCorpus.Get(name);
        var dir = Directory.CreateTempSubdirectory("dm-corpus-").FullName;
        try
        {
            var path = input.Write(dir);
            await using var dataSource = database.CreateDataSource();

            var result = await DatasetImporter.ImportAsync(dataSource,
                new ImportRequest(path, Path.GetFileName(path), "corpus", input.Options));

            Assert.False(result.Accepted);
            Assert.Null(result.Dataset);
            Assert.Contains(result.Report.Problems, p => p.Code == input.ExpectedCode);
            Assert.All(result.Report.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
            var stored = await database.ScalarAsync<long>(
                "SELECT (SELECT count(*) FROM project) + (SELECT count(*) FROM dataset) + (SELECT count(*) FROM settlement) + " +
                "(SELECT count(*) FROM coverage) + (SELECT count(*) FROM site) + (SELECT count(*) FROM measurement) + (SELECT count(*) FROM facility)");
            Assert.Equal(0L, stored);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
