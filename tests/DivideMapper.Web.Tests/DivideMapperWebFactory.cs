using DivideMapper.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DivideMapper.Web.Tests;

/// <summary>The whole app in memory on a real PostGIS database of its own.</summary>
public sealed class DivideMapperWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public PostgisDatabase Database { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseEnvironment("Testing");
    }

    public Task InitializeAsync() => Database.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
