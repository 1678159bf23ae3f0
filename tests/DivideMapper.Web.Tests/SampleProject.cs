using DivideMapper.Data.Access;

namespace DivideMapper.Web.Tests;

/// <summary>Imports the committed sample city (sample-data/load.txt) into a project of a test database.</summary>
public static class SampleProject
{
    /// <param name="visibility">The sample city is a public project (DESIGN §4), so anonymous reads of it work.</param>
    public static async Task ImportAsync(PostgisDatabase database, string slug, string visibility = ProjectVisibility.Public)
    {
        await using var dataSource = database.CreateDataSource();
        await SampleCityImport.ImportAsync(dataSource, slug, visibility);
    }
}
