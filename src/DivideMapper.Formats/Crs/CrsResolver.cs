using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using DivideMapper.Formats.Gdal;
using ProjNet.CoordinateSystems;

namespace DivideMapper.Formats.Crs;

/// <summary>
/// Turns what a file says about its CRS (an EPSG code, a GeoJSON crs name/URN, a .prj WKT) into a
/// <see cref="SourceCrs"/>. Common systems (WGS 84, Web Mercator, WGS 84 UTM zones) are built in; other EPSG codes
/// and WKT without a code are looked up through GDAL's database (gdalsrsinfo) when it is installed.
/// </summary>
internal static partial class CrsResolver
{
    private static readonly ConcurrentDictionary<int, SourceCrs?> EpsgCache = new();

    /// <summary>Resolves an EPSG code; null when neither the built-ins nor GDAL know it, or ProjNet cannot use it.</summary>
    public static async Task<SourceCrs?> FromEpsgAsync(int code, CancellationToken cancellationToken)
    {
        code = code switch { 900913 or 3785 or 102100 or 102113 => 3857, 4979 => 4326, _ => code };
        if (EpsgCache.TryGetValue(code, out var cached)) return cached;
        var crs = BuiltIn(code) ?? await FromGdalDatabaseAsync(code, cancellationToken);
        EpsgCache[code] = crs;
        return crs;
    }

    private static SourceCrs? BuiltIn(int code) => code switch
    {
        4326 => SourceCrs.Wgs84,
        3857 => new SourceCrs("EPSG:3857", 3857, ProjectedCoordinateSystem.WebMercator),
        >= 32601 and <= 32660 => new SourceCrs($"EPSG:{code}", code, ProjectedCoordinateSystem.WGS84_UTM(code - 32600, true)),
        >= 32701 and <= 32760 => new SourceCrs($"EPSG:{code}", code, ProjectedCoordinateSystem.WGS84_UTM(code - 32700, false)),
        _ => null,
    };

    private static async Task<SourceCrs?> FromGdalDatabaseAsync(int code, CancellationToken cancellationToken)
    {
        if (code is <= 0 or > 999_999) return null;
        var wkt = await GdalAdapter.CrsWktAsync($"EPSG:{code}", cancellationToken);
        if (wkt is null) return null;
        var system = TryParseWkt(wkt);
        return system is null ? null : new SourceCrs($"EPSG:{code}", code, system);
    }

    /// <summary>
    /// Resolves a declared CRS: an EPSG name or URN (EPSG:3857, urn:ogc:def:crs:EPSG::32737, OGC CRS84 …) or WKT.
    /// Null means unknown: the caller reports unknown-crs.
    /// </summary>
    public static async Task<SourceCrs?> ResolveAsync(string declared, string tempDirectory, CancellationToken cancellationToken)
    {
        var text = declared.Trim().TrimStart('\uFEFF');
        if (text.Length == 0) return null;
        if (IsCrs84(text)) return SourceCrs.Wgs84;
        var code = ParseEpsgName(text);
        if (code is not null) return await FromEpsgAsync(code.Value, cancellationToken);
        if (!LooksLikeWkt(text)) return null;
        return await FromWktAsync(text, tempDirectory, cancellationToken);
    }

    public static bool IsCrs84(string text) => Crs84Name().IsMatch(text);

    /// <summary>The EPSG code in a name such as EPSG:3857, urn:ogc:def:crs:EPSG::3857 or an opengis.net URL.</summary>
    public static int? ParseEpsgName(string text)
    {
        var m = EpsgName().Match(text.Trim());
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static bool LooksLikeWkt(string text) => WktStart().IsMatch(text);

    private static async Task<SourceCrs?> FromWktAsync(string wkt, string tempDirectory, CancellationToken cancellationToken)
    {
        var rootName = RootName(wkt);

        // 1. An EPSG authority on the root of the definition.
        var authority = RootAuthority().Match(wkt);
        var authorityCode = authority.Groups[1].Success ? authority.Groups[1].Value : authority.Groups[2].Value;
        if (authority.Success && await FromEpsgAsync(int.Parse(authorityCode, CultureInfo.InvariantCulture), cancellationToken) is { } byAuthority)
            return byAuthority;

        // 2. Well-known names Esri writes without codes.
        if (rootName is not null && WellKnownName(rootName) is { } named && await FromEpsgAsync(named, cancellationToken) is { } byName)
            return byName;

        // 3. GDAL's identification against the EPSG database (it knows Esri's dialect).
        var identified = await GdalAdapter.IdentifyEpsgAsync(wkt, tempDirectory, cancellationToken);
        if (identified is not null && await FromEpsgAsync(identified.Value, cancellationToken) is { } byGdal)
            return byGdal;

        // 4. Whatever ProjNet makes of the WKT itself.
        var system = TryParseWkt(wkt);
        return system is null ? null : new SourceCrs(rootName ?? system.Name, null, system);
    }

    private static int? WellKnownName(string name)
    {
        var utm = UtmName().Match(name);
        if (utm.Success)
        {
            var zone = int.Parse(utm.Groups[1].Value, CultureInfo.InvariantCulture);
            if (zone is >= 1 and <= 60)
                return (utm.Groups[2].Value.Equals("N", StringComparison.OrdinalIgnoreCase) ? 32600 : 32700) + zone;
        }
        var n = name.Replace('_', ' ').Trim().ToUpperInvariant();
        if (n is "GCS WGS 1984" or "WGS 84" or "WGS84" or "WGS 1984") return 4326;
        if (n.Contains("WEB MERCATOR") || n.Contains("PSEUDO-MERCATOR") || n.Contains("PSEUDO MERCATOR") || n == "GOOGLE MAPS GLOBAL MERCATOR")
            return 3857;
        return null;
    }

    private static CoordinateSystem? TryParseWkt(string wkt)
    {
        try
        {
            var parsed = new CoordinateSystemFactory().CreateFromWkt(wkt);
            if (parsed is not (GeographicCoordinateSystem or ProjectedCoordinateSystem)) return null;
            // ProjNet parses projections it cannot compute; building the transformation finds out now.
            _ = new ProjNet.CoordinateSystems.Transformations.CoordinateTransformationFactory()
                .CreateFromCoordinateSystems(parsed, GeographicCoordinateSystem.WGS84).MathTransform;
            return parsed;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or NotImplementedException or FormatException
                                      or InvalidOperationException or IndexOutOfRangeException or NullReferenceException)
        {
            // ProjNet's WKT parser reports unsupported projections and syntax errors with these; both mean "unknown".
            return null;
        }
    }

    public static string? RootName(string wkt)
    {
        var m = WktRootName().Match(wkt);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^(?:urn:ogc:def:crs:OGC:(?:1\.3)?:CRS84|OGC:CRS84|CRS:?84|https?://www\.opengis\.net/def/crs/OGC/1\.3/CRS84)$", RegexOptions.IgnoreCase)]
    private static partial Regex Crs84Name();

    [GeneratedRegex(@"^(?:urn:(?:x-)?ogc:def:crs:EPSG:[\d.]*:|EPSG::?|https?://www\.opengis\.net/def/crs/EPSG/[\d.]+/|https?://www\.opengis\.net/gml/srs/epsg\.xml#)(\d{1,7})$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgName();

    [GeneratedRegex(@"^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|PROJECTEDCRS|GEOGRAPHICCRS|BOUNDCRS|COMPD_CS|COMPOUNDCRS)\s*\[", RegexOptions.IgnoreCase)]
    private static partial Regex WktStart();

    [GeneratedRegex(@"^\s*\w+\s*\[\s*""([^""]*)""")]
    private static partial Regex WktRootName();

    [GeneratedRegex(@"(?:AUTHORITY\[\s*""EPSG""\s*,\s*""?(\d+)""?\s*\]|ID\[\s*""EPSG""\s*,\s*(\d+)\s*\])\s*\]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RootAuthority();

    [GeneratedRegex(@"WGS[ _]?(?:19)?84[ _/]+UTM[ _]+zone[ _]*(\d{1,2})\s*([NS])$", RegexOptions.IgnoreCase)]
    private static partial Regex UtmName();
}
