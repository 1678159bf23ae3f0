using System.Net;
using System.Net.Sockets;
using DivideMapper.Testing;

namespace DivideMapper.Cli.Tests;

public sealed class ServeCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task APortAlreadyInUseIsOneClearLineNotAStackTrace()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0); // another server on the port
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var result = await DmProcess.RunAsync(_database.ConnectionString, "serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already in use", result.StandardError);
        Assert.Contains($"127.0.0.1:{port}", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.DoesNotContain("Unhandled exception", result.StandardError);
    }
}
