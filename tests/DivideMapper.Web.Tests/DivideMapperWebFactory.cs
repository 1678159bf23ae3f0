using System.Collections.Concurrent;
using System.Net.Http.Headers;
using DivideMapper.Data.Access;
using DivideMapper.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DivideMapper.Web.Tests;

/// <summary>The whole app in memory on a real PostGIS database of its own.</summary>
public class DivideMapperWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly ConcurrentDictionary<AccessRole, Lazy<Task<string>>> _tokens = new();

    public PostgisDatabase Database { get; } = new();

    /// <summary>Where the first start writes its admin key: a temp file of this factory, never the checkout's .data/.</summary>
    public string AdminKeyFile { get; } = Path.Combine(Path.GetTempPath(), $"dm-test-admin-{Guid.NewGuid():N}.key");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Access:AdminKeyFile", AdminKeyFile);
        // Tests fire requests far faster than people do; the limiter's own tests use their own factory.
        builder.UseSetting("RateLimits:Enabled", "false");
        builder.UseEnvironment("Testing");
        Configure(builder);
    }

    /// <summary>More settings for a derived factory.</summary>
    protected virtual void Configure(IWebHostBuilder builder) { }

    /// <summary>A client that sends a key of <paramref name="role"/> (one key per role and factory, made in the database).</summary>
    public HttpClient CreateClient(AccessRole role)
    {
        var token = _tokens.GetOrAdd(role, r => new Lazy<Task<string>>(() => CreateTokenAsync(r))).Value.GetAwaiter().GetResult();
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A new key of <paramref name="role"/>, as `dm keys create` would make it.</summary>
    public async Task<string> CreateTokenAsync(AccessRole role)
    {
        await using var dataSource = Database.CreateDataSource();
        return (await ApiKeys.CreateAsync(dataSource, role, $"test {role}", "test")).Token;
    }

    public Task InitializeAsync() => Database.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        File.Delete(AdminKeyFile);
    }
}
