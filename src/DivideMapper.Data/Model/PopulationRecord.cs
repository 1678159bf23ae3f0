using NetTopologySuite.Geometries;

namespace DivideMapper.Data.Model;

/// <summary>
/// One row of a population layer (DESIGN §4, §5.3): a raster cell as its polygon, an area, a point, or a building
/// footprint, with the people it holds. Cells are stored as polygons rather than PostGIS raster: the analysis shares
/// people by the area of each cell inside the gap (a vector overlay, in NTS and in the PostGIS oracle alike), tiles
/// and OGC pages serve them like any other layer, and a city clip of a national raster is some 10⁵ cells, which a
/// GiST index handles well. PostGIS raster would need ST_Clip/ST_SummaryStats per settlement and a second code path.
/// Keyed by (project_id, id) so the table distributes by project under Citus.
/// </summary>
public class PopulationRecord
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public long ProjectId { get; set; }
    /// <summary>cell | area | point | building.</summary>
    public required string Kind { get; set; }
    public double People { get; set; }
    public double? Floors { get; set; }
    public required Geometry Geom { get; set; }
}
