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
        if (layer is not null) args.AddRange(LayerArguments(layer));
        return RunAsync(Ogr2OgrPath, args, DefaultTimeout, cancellationToken, destination, MaxOutputBytes, inputDriver);
    }

    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest GeoJSON a conversion may write (a small hostile file must not fill the disk). Default 4 GB.</summary>
    public static long MaxOutputBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// A layer name as ogr2ogr arguments. A positional name starting with '-' would be read as an option (GDAL has
    /// no "--"), so such a name is selected through an OGR SQL statement instead, where it is a quoted identifier.
    /// </summary>
    internal static IReadOnlyList<string> LayerArguments(string layer) =>
        layer.StartsWith('-') || layer.Contains('"')
            ? ["-dialect", "OGRSQL", "-sql", $"SELECT * FROM \"{layer.Replace("\"", "\"\"", StringComparison.Ordinal)}\""]
            : [layer];

    /// <summary>Largest stdout/stderr kept from a GDAL tool (ogrinfo of a file with a million layers stops here).</summary>
    public const int MaxCapturedChars = 8 * 1024 * 1024;

    /// <summary>
    /// Runs a GDAL tool as a parser of untrusted input; throws <see cref="GdalException"/> when it cannot start, times
    /// out, or writes more than <paramref name="maxOutputBytes"/> to <paramref name="outputFile"/>.
    /// </summary>
    public static async Task<GdalResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout,
        CancellationToken cancellationToken, string? outputFile = null, long? maxOutputBytes = null, string? onlyDriver = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        ChildEnvironment.Apply(start.Environment, onlyDriver is null ? null : await SkipAllButAsync(onlyDriver, cancellationToken));

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
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stdout = ReadBoundedAsync(process.StandardOutput, limit);
            var stderr = ReadBoundedAsync(process.StandardError, limit);
            limit.CancelAfter(timeout);
            var reason = $"{tool} did not finish within {timeout.TotalSeconds:0} s.";
            var watch = outputFile is not null && maxOutputBytes is { } max
                ? WatchOutputAsync(outputFile, max, limit, () => reason = $"{tool} wrote more than {max / (1024 * 1024)} MB; the input expands too far.")
                : Task.CompletedTask;
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
                if (cancellationToken.IsCancellationRequested) throw;
                throw new GdalException(reason);
            }
            finally
            {
                await limit.CancelAsync();
                await watch;
            }
            var (output, outTruncated) = await stdout;
            var (errors, _) = await stderr;
            if (outTruncated) throw new GdalException($"{tool} printed more than {MaxCapturedChars / (1024 * 1024)} MB about the file.");
            return new GdalResult(process.ExitCode, output, errors);
        }
    }

    private static async Task<(string Text, bool Truncated)> ReadBoundedAsync(StreamReader reader, CancellationTokenSource limit)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new char[16 * 1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                if (text.Length + read > MaxCapturedChars)
                {
                    await limit.CancelAsync();
                    return (text.ToString(), true);
                }
                text.Append(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // the process was killed mid-write
        }
        return (text.ToString(), false);
    }

    private static async Task WatchOutputAsync(string path, long maxBytes, CancellationTokenSource limit, Action exceeded)
    {
        try
        {
            while (!limit.IsCancellationRequested)
            {
                await Task.Delay(100, limit.Token);
                if (File.Exists(path) && new FileInfo(path).Length > maxBytes)
                {
                    exceeded();
                    await limit.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the tool finished or was stopped
        }
    }

    private static string[]? _allDrivers;

    /// <summary>
    /// OGR_SKIP naming every driver except <paramref name="driver"/>: GDAL 3.6's ogr2ogr/ogrinfo have no -if, so this
    /// is how a file sniffed as GeoPackage can only ever be opened by the GeoPackage driver (a file that is really a
    /// VRT, a KML with network links or a PostgreSQL connection string then simply fails to open). OGR_SKIP is
    /// comma-separated, so names with spaces ("ESRI Shapefile") work.
    /// </summary>
    private static async Task<string> SkipAllButAsync(string driver, CancellationToken ct)
    {
        if (_allDrivers is null)
        {
            var formats = await RunAsync(OgrInfoPath, ["--formats"], TimeSpan.FromSeconds(30), ct);
            _allDrivers = formats.StandardOutput.Split('\n').Select(l => DriverLine().Match(l)).Where(m => m.Success)
                .Select(m => m.Groups[1].Value.Trim()).ToArray();
        }
        // The output driver (GeoJSON) stays: ogr2ogr writes with it. A GeoJSON file sent as .gpkg still cannot pass,
        // because DescribeLayersAsync refuses a file GDAL opened with another driver than the sniffed one.
        var keep = driver == "KML" ? new[] { "KML", "LIBKML", "GeoJSON" } : [driver, "GeoJSON"];
        return string.Join(',', _allDrivers.Where(d => !keep.Contains(d, StringComparer.OrdinalIgnoreCase)));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s+(.+?) -(raster|vector|multidimensional|gnm)")]
    private static partial System.Text.RegularExpressions.Regex DriverLine();
}

public sealed record GdalResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

public sealed class GdalException(string message) : Exception(message);
