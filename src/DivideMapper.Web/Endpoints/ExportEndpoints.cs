using DivideMapper.Data.Layers;
using DivideMapper.Formats.Exports;
using DivideMapper.Web.Access;
using DivideMapper.Web.Hosting;
using DivideMapper.Web.Problems;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace DivideMapper.Web.Endpoints;

/// <summary>
/// <c>GET /api/runs/{id}/export?layer=results|gaps&amp;format=…</c> (DESIGN §8): a run's layer as a file, with the same
/// rows, privacy rule and metadata as <c>dm export</c>. GeoJSON streams straight to the client; the other formats are
/// staged in a temporary file first, so a failure becomes a problem document instead of a truncated download.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runs/{id:long}/export", ExportAsync).WithTags("Runs")
            .WithSummary($"Download a finished run's layer (layer={RunExports.LayerIds}, default results) as format={ExportFormat.Ids} " +
                         "(default geojson): GeoJSON RFC 7946, zipped Shapefile with a DBF field-name map, GeoPackage, CSV with WKT (zipped), " +
                         "FlatGeobuf (zipped) or GeoParquet 1.1. Each carries the run, profile, method version and every source's licence and " +
                         "attribution (metadata.json and README.txt inside zips). Below the privacy floor medians and counts are null.")
            .Produces(200, contentType: ExportFormat.GeoJson.MediaType)
            .Produces(200, contentType: "application/zip")
            .RequireRunRead()
            .RequireRateLimiting(RateLimits.ExpensiveReads);
        return app;
    }

    internal static async Task<IResult> ExportAsync(long id, HttpContext http, NpgsqlDataSource dataSource, CancellationToken ct,
        string? layer = null, string? format = null)
    {
        var chosenFormat = RunExports.FormatOf(format ?? ExportFormat.GeoJson.Id);
        if (chosenFormat.Value is not { } exportFormat) return ProblemSetup.Refused(chosenFormat.Refusal!, "Unknown export format.");
        var chosenLayer = RunExports.LayerOf(layer ?? LayerCatalogue.Results.Id);
        if (chosenLayer.Value is not { } exportLayer) return ProblemSetup.Refused(chosenLayer.Refusal!, "Unknown export layer.");
        var prepared = await RunExports.PrepareAsync(dataSource, id, exportLayer, ct);
        if (prepared.Value is not { } toWrite) return ProblemSetup.Refused(prepared.Refusal!);

        var fileName = LayerExporter.FileName(exportFormat, toWrite.Metadata);
        if (exportFormat == ExportFormat.GeoJson)
        {
            http.Response.ContentType = exportFormat.MediaType;
            http.Response.Headers.ContentDisposition = Attachment(fileName);
            await LayerExporter.WriteAsync(http.Response.Body, exportFormat, toWrite, ct);
            return TypedResults.Empty;
        }

        // DeleteOnClose: the staged file disappears when the response has been sent, or when the request is aborted.
        var staged = new FileStream(Path.Combine(Path.GetTempPath(), $"dm-export-{Guid.NewGuid():N}{exportFormat.Extension}"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await LayerExporter.WriteAsync(staged, exportFormat, toWrite, ct);
            staged.Position = 0;
        }
        catch
        {
            await staged.DisposeAsync();
            throw;
        }
        return TypedResults.File(staged, exportFormat.MediaType, fileName);
    }

    private static string Attachment(string fileName) =>
        new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
}
