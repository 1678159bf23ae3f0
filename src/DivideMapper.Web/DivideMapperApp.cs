using DivideMapper.Data;
using DivideMapper.Web.Access;
using DivideMapper.Web.Endpoints;
using DivideMapper.Web.Hosting;
using DivideMapper.Web.Ogc;
using DivideMapper.Web.Problems;
using DivideMapper.Web.Tiles;
using Scalar.AspNetCore;

namespace DivideMapper.Web;

/// <summary>Builds the web app; shared by <c>Program</c> (dotnet run, tests) and <c>./dm serve</c>.</summary>
public static class DivideMapperApp
{
    public static WebApplication Build(string[] args)
    {
        // Settings (appsettings.json) sit beside the binaries, whether started by `dm serve`, dotnet run or a container.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        using var startupLogs = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
        var (connectionString, startup) = DatabaseStartup.Prepare(builder.Configuration, startupLogs.CreateLogger("DivideMapper.Startup"));
        builder.Services.AddSingleton(startup);
        if (connectionString is not null) builder.Services.AddDivideMapperData(connectionString);

        builder.Services.AddOptions<ImportSettings>().Bind(builder.Configuration.GetSection(ImportSettings.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o => JsonDefaults.Configure(o.SerializerOptions));
        builder.Services.AddSingleton<ImportGate>();
        // Import jobs (uploads with Prefer: respond-async) live in this process's memory; stopping cancels the running ones.
        builder.Services.AddSingleton<ImportJobs>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ImportJobs>());
        builder.Services.AddSingleton<RunSignal>();
        builder.Services.AddHostedService<RunWorker>();
        builder.Services.AddDivideMapperAccess(builder.Configuration);
        builder.Services.AddDivideMapperTiles(builder.Configuration);
        builder.Services.AddDivideMapperOgc();
        builder.Services.AddDivideMapperRateLimits(builder.Configuration);
        builder.Services.AddServedHosts(builder.Configuration);
        builder.Services.AddDivideMapperProblems();
        builder.Services.AddExceptionHandler<ClientErrorExceptionHandler>();
        // OpenAPI 3.0, not .NET 10's default 3.1: GIS clients and code generators (and OGC API - Features Part 1's service-desc) expect it.
        builder.Services.AddOpenApi(o =>
        {
            o.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0;
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "DivideMapper API";
                doc.Info.Description = "Digital-divide gap analysis for informal settlements: datasets, runs, results, exports, OGC API Features and vector tiles.";
                doc.Info.Version = AppVersion.Current;
                return Task.CompletedTask;
            });
        });

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        if (connectionString is null) app.UseDatabaseUnavailable();
        app.UseWebAppFiles(WebAppFiles.WebDir);
        app.UseApiDocsPage();
        app.UseRouting();
        app.UseDivideMapperAccess();
        app.MapOpenApi("/openapi/{documentName}.json");
        // Scalar from the app itself, its CDN fonts off: /docs makes no request to another host (see ApiDocsPage).
        app.MapScalarApiReference("/docs", o => o.WithTitle("DivideMapper API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts());

        app.MapHealthEndpoints();
        app.MapProjectEndpoints();
        app.MapDatasetEndpoints();
        app.MapImportEndpoints();
        app.MapRunEndpoints();
        app.MapExportEndpoints();
        app.MapProfileEndpoints();
        app.MapKeyEndpoints();
        app.MapTileEndpoints();
        app.MapOgcEndpoints();
        if (startup.Migrated) AdminKeyBootstrap.RunAsync(app).GetAwaiter().GetResult();
        return app;
    }
}
