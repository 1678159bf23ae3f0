using DivideMapper.Data.Access;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Core.Domain;
using DivideMapper.Testing;

namespace DivideMapper.Web.Tests;

/// <summary>Imports the committed sample city (sample-data/load.txt) into a project of a test database.</summary>
public static class SampleProject
{
    /// <param name="visibility">The sample city is a public project (DESIGN §4), so anonymous reads of it work.</param>
    public static async Task ImportAsync(PostgisDatabase database, string slug, string visibility = ProjectVisibility.Public)
    {
        await using var dataSource = database.CreateDataSource();
        foreach (var line in File.ReadAllLines(Path.Combine(RepoPaths.Root, "sample-data", "load.txt")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[0].StartsWith('#')) continue;
            DatasetRoles.TryParse(parts[0], out var role);
            string? Option(string name) => Array.IndexOf(parts, name) is var i and > 1 && i + 1 < parts.Length ? parts[i + 1] : null;
            var period = Option("--period");
            Network? network = Networks.TryParse(Option("--network"), out var n) ? n : null;
            var path = Path.Combine(RepoPaths.Root, "sample-data", parts[1]);
            var result = await DatasetImporter.ImportAsync(dataSource,
                new ImportRequest(path, parts[1], slug, new ImportOptions { Role = role, Period = period, Network = network }));
            if (!result.Accepted) throw new InvalidOperationException($"Sample file {parts[1]} was rejected: {result.Report.ToJson()}");
        }
        await ProjectAccessQueries.SetVisibilityAsync(dataSource, slug, visibility);
    }
}
