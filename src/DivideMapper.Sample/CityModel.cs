using DivideMapper.Core.Projection;
using DivideMapper.Core.Domain;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Densify;
using NetTopologySuite.Geometries;

namespace DivideMapper.Sample;

/// <summary>Independent random streams of one city; each layer draws from its own so layers stay stable.</summary>
internal enum RandomStream
{
    Lines = 1,
    Settlements,
    Names,
    Gaps,
    Sites,
    SiteFields,
    Facilities,
    Coverage,
    TileBase,
    TilePeriod,
    Points,
    Upgrades,
}

internal sealed record SettlementModel(
    int Index, SettlementKind Kind, double X, double Y, double RMax, Polygon Metric, Coordinate[] Ring, double Density)
{
    public bool Contains(double x, double y)
    {
        var dx = x - X;
        var dy = y - Y;
        return dx * dx + dy * dy <= RMax * RMax && PointLocation.IsInRing(new Coordinate(x, y), Ring);
    }
}

/// <summary>A disk inside an informal settlement where no site of <see cref="MinTech"/> or better reaches.</summary>
internal readonly record struct GapCore(double X, double Y, double R, Tech MinTech, int Settlement);

internal readonly record struct SiteModel(double X, double Y, Tech Tech, double Range, int Operator);

/// <summary>A disk where speeds improved between the two periods.</summary>
internal readonly record struct Zone(double X, double Y, double R);

/// <summary>The generator's working model of a city, in metric (UTM) coordinates.</summary>
internal sealed class CityModel
{
    public CityModel(int seed, SampleSize size, UtmZone zone, double centreX, double centreY, SampleShapes shapes = SampleShapes.Organic)
    {
        Seed = seed;
        Size = size;
        Shapes = shapes;
        Zone = zone;
        Utm = MetricProjection.ForUtm(zone);
        CentreX = centreX;
        CentreY = centreY;
        Half = size.ExtentMeters / 2;
        SettlementGrid = NewGrid<int>(Math.Max(500, size.ExtentMeters / 100));
        Speed = new SpeedModel(this);
    }

    public int Seed { get; }
    public SampleSize Size { get; }
    public SampleShapes Shapes { get; }
    public UtmZone Zone { get; }

    /// <summary>WGS 84 ↔ the city's UTM zone: Core's one metric projection.</summary>
    public MetricProjection Utm { get; }
    /// <summary>A point in EPSG:4326 from metric coordinates.</summary>
    public Point UnprojectPoint(double x, double y)
    {
        var (lon, lat) = Utm.Unproject(x, y);
        return Utm.GeographicFactory.CreatePoint(new Coordinate(lon, lat));
    }

    public double CentreX { get; }
    public double CentreY { get; }
    public double Half { get; }
    public double MinX => CentreX - Half;
    public double MinY => CentreY - Half;
    public double MaxX => CentreX + Half;
    public double MaxY => CentreY + Half;

    public List<SettlementModel> Settlements { get; } = [];
    public SpatialGrid<int> SettlementGrid { get; }
    public List<GapCore> GapCores { get; } = [];
    public List<SiteModel> Sites { get; } = [];
    public List<Zone> UpgradeZones { get; } = [];
    public SpeedModel Speed { get; }

    /// <summary>One grid per mobile tech (index = (int)tech), each cell as wide as the tech's longest range.</summary>
    public SpatialGrid<int>[] SiteGrids { get; } = new SpatialGrid<int>[6];

    public SpatialGrid<T> NewGrid<T>(double cell) =>
        new(MinX - 5_000, MinY - 5_000, MaxX + 5_000, MaxY + 5_000, cell);

    public bool InExtent(double x, double y, double margin) =>
        x - margin >= MinX && x + margin <= MaxX && y - margin >= MinY && y + margin <= MaxY;

    public Polygon ExtentPolygon(double densifyMeters)
    {
        var square = Utm.MetricFactory.ToGeometry(new Envelope(MinX, MaxX, MinY, MaxY));
        return (Polygon)Densifier.Densify(square, densifyMeters);
    }

    public SettlementModel? SettlementAt(double x, double y)
    {
        foreach (var e in SettlementGrid.Near(x, y, 0))
        {
            var s = Settlements[e.Item];
            if (s.Contains(x, y)) return s;
        }
        return null;
    }

    /// <summary>True when a settlement of <paramref name="kind"/> has its circle within <paramref name="distance"/> of (x, y).</summary>
    public bool NearKind(double x, double y, double distance, SettlementKind kind)
    {
        foreach (var e in SettlementGrid.Near(x, y, distance))
            if (Settlements[e.Item].Kind == kind) return true;
        return false;
    }

    public void AddSite(SiteModel site)
    {
        var grid = SiteGrids[(int)site.Tech] ??= NewGrid<int>(SiteLayout.MaxRange(site.Tech));
        grid.Add(site.X, site.Y, site.Range, Sites.Count);
        Sites.Add(site);
    }

    /// <summary>The best mobile tech whose site disk covers (x, y), or null where nothing reaches.</summary>
    public Tech? BestTech(double x, double y)
    {
        for (var t = (int)Tech.G5; t >= (int)Tech.G2; t--)
            if (SiteGrids[t] is { } grid && grid.Any(x, y, 0)) return (Tech)t;
        return null;
    }

    public bool InUpgradeZone(double x, double y)
    {
        foreach (var z in UpgradeZones)
        {
            var dx = x - z.X;
            var dy = y - z.Y;
            if (dx * dx + dy * dy <= z.R * z.R) return true;
        }
        return false;
    }

    /// <summary>Coverage footprints (metric), derived from the sites: each lies inside its site's range disk.</summary>
    public IEnumerable<CoverageArea> Coverage() => Shapes == SampleShapes.Star ? StarCoverage() : OrganicCoverage();

    private IEnumerable<CoverageArea> OrganicCoverage()
    {
        var random = SampleRandom.Stream(Seed, (int)RandomStream.Coverage);
        var count = Size.CoverageAreas;
        var ring = new Coordinate[CoverageVertices + 1];
        for (var j = 0; j < count; j++)
        {
            var site = Sites[j % Sites.Count];
            // A footprint leans towards the sector it serves but never leaves the range disk: gaps stay gaps.
            var offset = random.Uniform(0, 0.25) * site.Range;
            var azimuth = random.Uniform(0, 2 * Math.PI);
            var radius = (site.Range - offset) * random.Uniform(0.85, 1.0);
            double cx = site.X + offset * Math.Cos(azimuth), cy = site.Y + offset * Math.Sin(azimuth);
            double p1 = random.Uniform(0, 2 * Math.PI), p2 = random.Uniform(0, 2 * Math.PI);
            for (var k = 0; k < CoverageVertices; k++)
            {
                var theta = 2 * Math.PI * k / CoverageVertices;
                var shape = 0.5 + 0.25 * Math.Sin(2 * theta + p1) + 0.25 * Math.Sin(3 * theta + p2);
                var r = radius * (0.86 + 0.14 * shape);
                ring[k] = new Coordinate(Math.Round(cx + r * Math.Cos(theta), 2), Math.Round(cy + r * Math.Sin(theta), 2));
            }
            ring[CoverageVertices] = ring[0].Copy();
            var polygon = Utm.MetricFactory.CreatePolygon((Coordinate[])ring.Clone());
            yield return new CoverageArea(j + 1, SampleCity.Operators[site.Operator], site.Tech,
                Utm.MetricFactory.CreateMultiPolygon([polygon]));
        }
    }

    /// <summary>
    /// The irregular workload's coverage: plain 33-point disks centred on their site, 1.0–1.4 × its range, so
    /// neighbours overlap heavily and unions are expensive (the case DESIGN §9 asks to measure).
    /// </summary>
    private IEnumerable<CoverageArea> StarCoverage()
    {
        var random = SampleRandom.Stream(Seed, (int)RandomStream.Coverage, 1);
        for (var j = 0; j < Size.CoverageAreas; j++)
        {
            var site = Sites[j % Sites.Count];
            var radius = site.Range * random.Uniform(1.0, 1.4);
            var phase = random.Uniform(0, 2 * Math.PI);
            var ring = new Coordinate[CoverageVertices + 1];
            for (var k = 0; k < CoverageVertices; k++)
            {
                var theta = phase + 2 * Math.PI * k / CoverageVertices;
                ring[k] = new Coordinate(Math.Round(site.X + radius * Math.Cos(theta), 2), Math.Round(site.Y + radius * Math.Sin(theta), 2));
            }
            ring[CoverageVertices] = ring[0].Copy();
            yield return new CoverageArea(j + 1, SampleCity.Operators[site.Operator], site.Tech,
                Utm.MetricFactory.CreateMultiPolygon([Utm.MetricFactory.CreatePolygon(ring)]));
        }
    }

    private const int CoverageVertices = 32;
}
