using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DivideMapper.Formats.Gdal;

/// <summary>What ogrinfo says about one layer of a dataset.</summary>
public sealed record OgrLayerInfo(string Name, string? GeometryType, long? FeatureCount, string? SrsWkt);

public static partial class GdalAdapter
{
    /// <summary>
    /// Lists the layers of a dataset with ogrinfo (summary only, read-only). With <paramref name="expectedDriver"/>,
    /// a file GDAL opens with another driver is refused (GDAL 3.6 has no -if to restrict it up front).
    /// Returns null with the reason when GDAL cannot open the file.
    /// </summary>
    public static async Task<(IReadOnlyList<OgrLayerInfo>? Layers, string? Error)> DescribeLayersAsync(string source, string? expectedDriver,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(OgrInfoPath, ["-ro", "-so", "-al", "-wkt_format", "WKT1", source], TimeSpan.FromMinutes(2), cancellationToken,
            onlyDriver: expectedDriver);
        if (!result.Succeeded) return (null, FirstError(result));
        var driver = UsedDriver().Match(result.StandardOutput);
        if (expectedDriver is not null && driver.Success && !driver.Groups[1].Value.Equals(expectedDriver, StringComparison.OrdinalIgnoreCase)
            && !(expectedDriver == "KML" && driver.Groups[1].Value == "LIBKML"))
            return (null, $"GDAL recognised it as {driver.Groups[1].Value}, not {expectedDriver}");
        return (ParseLayers(result.StandardOutput), null);
    }

    /// <summary>The WKT1 of a CRS definition such as EPSG:2154, or null when GDAL does not know it (or is not installed).</summary>
    public static async Task<string?> CrsWktAsync(string definition, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await RunAsync(GdalSrsInfoPath, ["-o", "wkt1", definition], TimeSpan.FromSeconds(30), cancellationToken);
            var wkt = result.StandardOutput.Trim();
            return result.Succeeded && wkt.Length > 0 ? wkt : null;
        }
        catch (GdalException)
        {
            return null;
        }
    }

    /// <summary>
    /// Identifies the EPSG code of a WKT definition (Esri or OGC dialect), or null. The WKT is passed in a file,
    /// never on the command line, so nothing in an upload is interpreted as a path or URL.
    /// </summary>
    public static async Task<int?> IdentifyEpsgAsync(string wkt, string tempDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(tempDirectory, $"crs-{Guid.NewGuid():N}.prj");
        try
        {
            await File.WriteAllTextAsync(path, wkt, Encoding.ASCII, cancellationToken);
            var result = await RunAsync(GdalSrsInfoPath, ["-e", "-o", "epsg", path], TimeSpan.FromSeconds(30), cancellationToken);
            if (!result.Succeeded) return null;
            var m = EpsgLine().Match(result.StandardOutput);
            return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (GdalException)
        {
            return null;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The first ERROR line GDAL printed, for a message that names the reason.</summary>
    public static string FirstError(GdalResult result)
    {
        var lines = (result.StandardError + "\n" + result.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.FirstOrDefault(l => l.StartsWith("ERROR", StringComparison.Ordinal)) ?? lines.FirstOrDefault(l => l.StartsWith("FAILURE", StringComparison.Ordinal));
        if (error is null) return $"GDAL exited with code {result.ExitCode}";
        var colon = error.IndexOf(':');
        return (colon >= 0 ? error[(colon + 1)..] : error).Trim();
    }

    internal static IReadOnlyList<OgrLayerInfo> ParseLayers(string output)
    {
        var layers = new List<OgrLayerInfo>();
        string? name = null, geometry = null, wkt = null;
        long? count = null;
        var lines = output.Replace("\r", "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("Layer name: ", StringComparison.Ordinal))
            {
                if (name is not null) layers.Add(new OgrLayerInfo(name, geometry, count, wkt));
                name = line["Layer name: ".Length..].Trim();
                geometry = null; wkt = null; count = null;
            }
            else if (line.StartsWith("Geometry: ", StringComparison.Ordinal)) geometry = line["Geometry: ".Length..].Trim();
            else if (line.StartsWith("Feature Count: ", StringComparison.Ordinal)
                     && long.TryParse(line["Feature Count: ".Length..].Trim(), CultureInfo.InvariantCulture, out var n)) count = n;
            else if (line.StartsWith("Layer SRS WKT:", StringComparison.Ordinal))
            {
                // The WKT follows on the next lines; it ends where its brackets balance.
                var sb = new StringBuilder();
                var depth = 0;
                for (i++; i < lines.Length; i++)
                {
                    sb.Append(lines[i].Trim());
                    depth += lines[i].Count(c => c == '[') - lines[i].Count(c => c == ']');
                    if (depth <= 0) break;
                }
                var text = sb.ToString();
                wkt = text.StartsWith('(') ? null : text; // "(unknown)"
            }
        }
        if (name is not null) layers.Add(new OgrLayerInfo(name, geometry, count, wkt));
        return layers;
    }

    [GeneratedRegex(@"using driver `([^']+)' successful")]
    private static partial Regex UsedDriver();

    [GeneratedRegex(@"EPSG:(\d+)")]
    private static partial Regex EpsgLine();
}
