using System.CommandLine;
using DivideMapper.Web;
using Microsoft.Extensions.Hosting;

namespace DivideMapper.Cli.Commands;

/// <summary><c>dm serve [--urls URL]</c>: the web app, map and API, in this process.</summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => DefaultUrls };
        var command = new Command("serve", "Serve the map, the REST API, OGC API Features and tiles.") { urls };
        command.SetAction(async (parse, ct) =>
        {
            var listen = parse.GetValue(urls) ?? DefaultUrls;
            var app = DivideMapperApp.Build(["--urls", listen]);
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Another server (often a second ./run.sh) holds the port: one line that says so, not a stack trace.
                CliOutput.Error($"cannot listen on {listen}: the address is already in use. Stop the other server or pass --urls " +
                                "(./run.sh: DM_URLS) with another port.");
                return ExitCodes.Failure;
            }
            foreach (var url in listen.Split(';')) Console.Out.WriteLine($"DivideMapper is serving the map at {url}");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
