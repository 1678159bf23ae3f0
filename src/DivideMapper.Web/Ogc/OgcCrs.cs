using System.Globalization;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// The coordinate reference systems of OGC API Features Part 2 that the collections offer: CRS84 (the default,
/// longitude/latitude), EPSG:4326 (latitude/longitude, as EPSG defines its axes), EPSG:3857 (web maps) and the
/// project's metric UTM zone (easting/northing). PostGIS transforms; this only names them and knows the axis order.
/// </summary>
public readonly record struct OgcCrs(string Uri, int Srid, bool LatitudeFirst)
{
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    public static OgcCrs Crs84 { get; } = new(Crs84Uri, 4326, false);

    public static OgcCrs Epsg(int srid) => new($"http://www.opengis.net/def/crs/EPSG/0/{srid.ToString(CultureInfo.InvariantCulture)}", srid, srid == 4326);

    /// <summary>The CRSs a project's collections offer, the default first.</summary>
    public static IReadOnlyList<OgcCrs> Offered(int? projectSrid) =>
        projectSrid is { } utm and not (4326 or 3857) ? [Crs84, Epsg(4326), Epsg(3857), Epsg(utm)] : [Crs84, Epsg(4326), Epsg(3857)];

    /// <summary>The offered CRS a request names by its URI (also the <c>[EPSG:n]</c> safe CURIE); null when not offered.</summary>
    public static OgcCrs? Find(string? value, int? projectSrid)
    {
        if (string.IsNullOrWhiteSpace(value)) return Crs84;
        var uri = value.Trim();
        if (uri.StartsWith("[EPSG:", StringComparison.OrdinalIgnoreCase) && uri.EndsWith(']'))
            uri = "http://www.opengis.net/def/crs/EPSG/0/" + uri[6..^1];
        if (uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) uri = "http://" + uri[8..];
        return Offered(projectSrid).Cast<OgcCrs?>().FirstOrDefault(c => string.Equals(c!.Value.Uri, uri, StringComparison.OrdinalIgnoreCase));
    }
}
