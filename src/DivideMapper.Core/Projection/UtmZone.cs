namespace DivideMapper.Core.Projection;

/// <summary>
/// A Universal Transverse Mercator zone on WGS 84: EPSG:326zz (north) or EPSG:327zz (south).
/// </summary>
/// <remarks>
/// Zone choice follows the UTM grid including its two irregular areas: southern Norway (32V widened
/// westwards over 3°E–12°E between 56°N and 64°N) and Svalbard (only the odd zones 31, 33, 35, 37 between 72°N and 84°N).
/// UTM is defined from 80°S to 84°N; outside that band a caller must choose a CRS and pass its SRID.
/// </remarks>
public readonly record struct UtmZone
{
    /// <summary>Northern limit of the UTM system (°N).</summary>
    public const double MaxLatitude = 84.0;

    /// <summary>Southern limit of the UTM system (°S as a negative latitude).</summary>
    public const double MinLatitude = -80.0;

    /// <summary>Creates a zone; <paramref name="zone"/> must be 1–60.</summary>
    public UtmZone(int zone, bool north)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zone, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zone, 60);
        Zone = zone;
        North = north;
    }

    /// <summary>Zone number 1–60 (zone 1 starts at 180°W).</summary>
    public int Zone { get; }

    /// <summary>True for the northern hemisphere (false easting origin at the equator), false for the southern.</summary>
    public bool North { get; }

    /// <summary>EPSG code: 32600 + zone in the north, 32700 + zone in the south.</summary>
    public int Srid => (North ? 32600 : 32700) + Zone;

    /// <summary>Longitude of the zone's central meridian in degrees.</summary>
    public double CentralMeridian => -183.0 + 6.0 * Zone;

    /// <summary>Human name in the EPSG style, e.g. "WGS 84 / UTM zone 37S".</summary>
    public override string ToString() => $"WGS 84 / UTM zone {Zone}{(North ? "N" : "S")}";

    /// <summary>
    /// The zone containing a WGS 84 position. Longitudes are wrapped into [-180, 180) first, so 180°E is zone 1
    /// like 180°W. A position exactly on a zone edge belongs to the zone to its east; the equator counts as north.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Latitude outside 80°S–84°N or not a finite number.</exception>
    public static UtmZone For(double longitude, double latitude)
    {
        if (!double.IsFinite(longitude)) throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be a finite number.");
        if (!double.IsFinite(latitude) || latitude < MinLatitude || latitude > MaxLatitude)
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude,
                "UTM covers latitudes 80°S to 84°N; outside that band pass the metric SRID explicitly.");

        double lon = WrapLongitude(longitude);
        int zone = (int)Math.Floor((lon + 180.0) / 6.0) + 1;
        zone = Math.Clamp(zone, 1, 60); // guards the floating edge case lon + 180 == 360 - ε rounding up

        // Norway: band V (56°N–64°N) gives zone 32 the area 3°E–12°E.
        if (latitude >= 56.0 && latitude < 64.0 && lon >= 3.0 && lon < 12.0) zone = 32;

        // Svalbard: band X (72°N–84°N) uses only zones 31, 33, 35 and 37 between 0° and 42°E.
        if (latitude >= 72.0 && lon >= 0.0 && lon < 42.0)
        {
            zone = lon switch
            {
                < 9.0 => 31,
                < 21.0 => 33,
                < 33.0 => 35,
                _ => 37,
            };
        }

        return new UtmZone(zone, north: latitude >= 0.0);
    }

    /// <summary>Reads an EPSG:326zz / 327zz code; false for anything else.</summary>
    public static bool TryFromSrid(int srid, out UtmZone zone)
    {
        zone = default;
        int z = srid % 100;
        bool north = srid - z == 32600;
        bool south = srid - z == 32700;
        if ((!north && !south) || z < 1 || z > 60) return false;
        zone = new UtmZone(z, north);
        return true;
    }

    /// <summary>Wraps a longitude into [-180, 180).</summary>
    internal static double WrapLongitude(double longitude)
    {
        double lon = (longitude + 180.0) % 360.0;
        if (lon < 0) lon += 360.0;
        return lon - 180.0;
    }
}
