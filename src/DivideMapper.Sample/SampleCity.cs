using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;

namespace DivideMapper.Sample;

/// <summary>
/// A generated city (see <see cref="SampleCityGenerator"/>). Everything is in EPSG:4326 unless a member says
/// "metric" (WGS 84 / UTM, <see cref="MetricSrid"/>). Settlements, sites and facilities are held; the large
/// layers (coverage, speed tiles, speed points) are streams regenerated from the seed on every enumeration,
/// so W2 never holds them in memory. Enumerating the same stream twice yields the same rows.
/// Enumerate one stream at a time: the streams share one projection object.
/// </summary>
public sealed class SampleCity
{
    /// <summary>The two measurement periods: the baseline and the later quarter.</summary>
    public static IReadOnlyList<string> Periods { get; } = ["2024Q1", "2024Q3"];

    /// <summary>OpenCelliD-style operator codes (mcc-net) of the three synthetic operators.</summary>
    public static IReadOnlyList<string> Operators { get; } = ["639-02", "639-03", "639-07"];

    private readonly CityModel _model;

    internal SampleCity(int seed, SampleSize size, CityModel model, IReadOnlyList<SampleLine> lines,
        IReadOnlyList<Settlement> settlements, IReadOnlyList<SampleSite> sites, IReadOnlyList<Facility> facilities)
    {
        Seed = seed;
        Size = size;
        _model = model;
        Lines = lines;
        Settlements = settlements;
        Sites = sites;
        Facilities = facilities;
        Boundary = (Polygon)model.Utm.Unproject(model.ExtentPolygon(densifyMeters: 250));
        var (lon, lat) = model.Utm.Unproject(model.CentreX, model.CentreY);
        Centre = model.Utm.GeographicFactory.CreatePoint(new Coordinate(lon, lat));
    }

    public int Seed { get; }
    public SampleSize Size { get; }
    public SampleShapes Shapes => _model.Shapes;

    /// <summary>EPSG code of the city's metric CRS (32737, WGS 84 / UTM zone 37S, for the Nairobi-like frame).</summary>
    public int MetricSrid => _model.Utm.Srid;
    public int UtmZone => _model.Zone.Zone;
    public bool UtmNorth => _model.Zone.North;

    /// <summary>The city square (its sides densified so it stays a good outline in lon/lat).</summary>
    public Polygon Boundary { get; }
    public Point Centre { get; }

    /// <summary>Rivers and rail lines; informal settlements cluster along them.</summary>
    public IReadOnlyList<SampleLine> Lines { get; }

    /// <summary>Settlements (MultiPolygon, ids from 1), informal ones first.</summary>
    public IReadOnlyList<Settlement> Settlements { get; }

    /// <summary>Cell sites with their OpenCelliD fields.</summary>
    public IReadOnlyList<SampleSite> Sites { get; }

    /// <summary>Schools and clinics.</summary>
    public IReadOnlyList<Facility> Facilities { get; }

    /// <summary>Operator coverage polygons in EPSG:4326 (streamed).</summary>
    public IEnumerable<CoverageArea> CoverageAreas() =>
        _model.Coverage().Select(c => c with { Geometry = _model.Utm.Unproject(c.Geometry) });

    /// <summary>The same coverage polygons, in the metric CRS (<see cref="MetricSrid"/>); same ids and order.</summary>
    public IEnumerable<CoverageArea> CoverageAreasMetric() => _model.Coverage();

    /// <summary>
    /// Ookla-style tiles (zoom <see cref="SampleSize.TileZoom"/>) with tests in <paramref name="period"/>:
    /// quadkey, mean speeds and latency, tests and devices; geometry is the tile polygon.
    /// </summary>
    public IEnumerable<Measurement> SpeedTiles(string period) => _model.Speed.Tiles(PeriodIndex(period));

    /// <summary>Point measurements across both periods (<see cref="SampleSize.SpeedPoints"/> of them).</summary>
    public IEnumerable<Measurement> SpeedPoints() => _model.Speed.Points();

    internal CityModel Model => _model;

    private static int PeriodIndex(string period)
    {
        for (var i = 0; i < Periods.Count; i++)
            if (string.Equals(Periods[i], period, StringComparison.OrdinalIgnoreCase)) return i;
        throw new ArgumentException($"Unknown period '{period}'; the sample has {string.Join(", ", Periods)}.", nameof(period));
    }
}

/// <summary>A river or rail line.</summary>
/// <param name="Kind">"river" or "rail".</param>
public sealed record SampleLine(long Id, string Kind, string Name, LineString Geometry);

/// <summary>A cell site and the OpenCelliD columns that describe it.</summary>
/// <param name="Radio">GSM, UMTS, LTE or NR.</param>
/// <param name="Area">LAC (GSM/UMTS) or TAC (LTE/NR).</param>
/// <param name="Unit">PSC for UMTS, PCI for LTE/NR, 0 for GSM.</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Updated">Unix seconds.</param>
public sealed record SampleSite(
    CellSite Site, string Radio, int Mcc, int Net, int Area, long Cell, int Unit, int Samples, long Created, long Updated)
{
    public static string RadioOf(Tech tech) => tech switch
    {
        Tech.G2 => "GSM",
        Tech.G3 => "UMTS",
        Tech.G4 => "LTE",
        Tech.G5 => "NR",
        _ => throw new ArgumentOutOfRangeException(nameof(tech)),
    };
}
