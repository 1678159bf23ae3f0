using DivideMapper.Testing;

namespace DivideMapper.Data.Tests;

public sealed class PostgisRequirementTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ATestNeedingPostgisFailsLoudlyWhenTheServerIsNotConfigured(string? server)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgisDatabase.RequireServer(server));
        Assert.Contains("PostGIS is required", error.Message);
        Assert.Contains(PostgisDatabase.ServerVariable, error.Message);
    }

    [Fact]
    public async Task ATestNeedingPostgisFailsWhenTheServerIsUnreachable()
    {
        // A closed port on loopback: the connection is refused at once; the error surfaces, it is not swallowed.
        await using var connection = new Npgsql.NpgsqlConnection("Host=127.0.0.1;Port=1;Username=postgres;Timeout=3");
        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => connection.OpenAsync());
    }
}
