using System.Diagnostics;

namespace DivideMapper.Formats.Gdal;

/// <summary>
/// The one place DivideMapper talks to GDAL. No GDAL package for .NET is available from the package registry
/// here, so we run Debian's <c>gdal-bin</c> tools (ogr2ogr, ogrinfo) as child processes. Running them out of
/// process also means a crash inside GDAL on a hostile file cannot take the service down.
/// </summary>
public static partial class GdalAdapter
{
    /// <summary>Formats written through GDAL, by our format id → (OGR driver, file extension).</summary>
    public static IReadOnlyDictionary<string, (string Driver, string Extension)> WriteDrivers { get; } =
        new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["gpkg"] = ("GPKG", ".gpkg"),
            ["fgb"] = ("FlatGeobuf", ".fgb"),
        };

    public static string Ogr2OgrPath => Environment.GetEnvironmentVariable("DIVIDEMAPPER_OGR2OGR") ?? "ogr2ogr";
    public static string OgrInfoPath => Environment.GetEnvironmentVariable("DIVIDEMAPPER_OGRINFO") ?? "ogrinfo";
    public static string GdalSrsInfoPath => Environment.GetEnvironmentVariable("DIVIDEMAPPER_GDALSRSINFO") ?? "gdalsrsinfo";

    /// <summary>True when ogr2ogr can be started.</summary>
    public static bool IsAvailable()
    {
        try
        {
            var result = RunAsync(Ogr2OgrPath, ["--version"], TimeSpan.FromSeconds(20), CancellationToken.None).GetAwaiter().GetResult();
            return result.ExitCode == 0;
        }
        catch (GdalException)
        {
            return false;
        }
    }

    /// <summary>
    /// Converts <paramref name="source"/> (any format GDAL reads) to GeoJSON in EPSG:4326 when
    /// <paramref name="toWgs84"/> is set, or in the source CRS with a legacy <c>crs</c> member otherwise.
    /// Coordinates keep full precision.
    /// </summary>
    public static Task<GdalResult> ToGeoJsonAsync(string source, string destination, bool toWgs84, string? layer = null,
        CancellationToken cancellationToken = default) =>
        ToGeoJsonAsync(source, destination, toWgs84, layer, inputDriver: null, sourceSrs: null, limit: null, cancellationToken);

    /// <summary>
    /// As above, with an optional source SRS override (EPSG:n) and feature limit. <paramref name="inputDriver"/> is
    /// checked beforehand by <see cref="DescribeLayersAsync"/> (GDAL 3.6 has no -if).
    /// </summary>
    public static Task<GdalResult> ToGeoJsonAsync(string source, string destination, bool toWgs84, string? layer,
        string? inputDriver, string? sourceSrs, int? limit, CancellationToken cancellationToken)
    {
        var args = new List<string> { "-f", "GeoJSON", "-lco", "RFC7946=NO", "-lco", "COORDINATE_PRECISION=15" };
        if (sourceSrs is not null) args.AddRange(["-s_srs", sourceSrs]);
        if (toWgs84) args.AddRange(["-t_srs", "EPSG:4326"]);
        if (limit is not null) args.AddRange(["-limit", limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.AddRange([destination, source]);
        if (layer is not null) args.Add(layer);
        return RunAsync(Ogr2OgrPath, args, DefaultTimeout, cancellationToken);
    }

    /// <summary>Converts a GeoJSON file to another GDAL format (gpkg, fgb), naming the layer.</summary>
    public static Task<GdalResult> FromGeoJsonAsync(string geoJson, string destination, string format, string layerName,
        CancellationToken cancellationToken = default)
    {
        if (!WriteDrivers.TryGetValue(format, out var driver))
            throw new ArgumentException($"GDAL cannot write format '{format}' here.", nameof(format));
        List<string> args = ["-f", driver.Driver, "-nln", layerName, "-a_srs", "EPSG:4326", destination, geoJson];
        return RunAsync(Ogr2OgrPath, args, DefaultTimeout, cancellationToken);
    }

    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Runs a GDAL tool; throws <see cref="GdalException"/> when it cannot start or times out.</summary>
    public static async Task<GdalResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // GDAL must never reach out to the network for a file we were given.
        start.Environment["GDAL_HTTP_TIMEOUT"] = "1";
        start.Environment["CPL_VSIL_CURL_ALLOWED_EXTENSIONS"] = ".none";
        start.Environment["GDAL_HTTP_MAX_RETRY"] = "0";
        // Drivers that open other files or servers named inside an upload (a VRT naming /etc/passwd) are off.
        start.Environment["GDAL_SKIP"] = "VRT OGR_VRT WFS OAPIF OGCAPI EEDA PostgreSQL MySQL ODBC Elasticsearch CARTO NGW";
        start.Environment["CPL_DEBUG"] = "OFF";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GdalException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GdalException($"{tool} is not installed (Debian package gdal-bin): {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested) throw;
                throw new GdalException($"{tool} did not finish within {timeout.TotalSeconds:0} s.");
            }
            return new GdalResult(process.ExitCode, await stdout, await stderr);
        }
    }
}

public sealed record GdalResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

public sealed class GdalException(string message) : Exception(message);
