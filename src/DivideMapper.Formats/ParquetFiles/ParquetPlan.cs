using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using ParquetSharp;

namespace DivideMapper.Formats.ParquetFiles;

internal enum GeometrySource { None, Wkt, Wkb, LonLat }

/// <summary>
/// What to read from a Parquet file, decided once from its schema and metadata: where the geometry is (GeoParquet's
/// WKB column; else a WKT column such as Ookla's <c>tile</c>, lon/lat columns, or only a quadkey), which columns
/// become attributes, and the declared CRS.
/// </summary>
internal sealed class ParquetPlan
{
    public required AttributeSchema Schema { get; init; }

    /// <summary>The columns read per batch (attributes, and lon/lat for points).</summary>
    public required List<ParquetColumn> Attributes { get; init; }

    /// <summary>For each schema column, its index in <see cref="Attributes"/>.</summary>
    public required int[] SchemaColumns { get; init; }

    public GeometrySource Geometry { get; init; }
    public ParquetColumn? GeometryField { get; init; }
    public string? GeometryColumn { get; init; }
    public string? LonColumn { get; init; }
    public string? LatColumn { get; init; }
    public int LonIndex { get; init; } = -1;
    public int LatIndex { get; init; } = -1;
    public int QuadkeyIndex { get; init; } = -1;

    /// <summary>The plan, or null after reporting why the file cannot be read (sets the layer's format and CRS).</summary>
    public static ParquetPlan? Make(ParquetFileReader reader, ReadContext context, SourceLayer layer)
    {
        var problems = context.Problems;
        var mapping = context.Options.Mapping;
        var (readable, skipped) = ParquetColumns.Of(reader);
        var names = readable.Select(f => f.Name).ToList();

        GeoParquetMetadata? geo = null;
        if (reader.FileMetaData.KeyValueMetadata.TryGetValue("geo", out var geoJson))
        {
            geo = GeoParquetMetadata.Parse(geoJson, out var error);
            if (geo is null)
            {
                problems.File(ErrorCodes.UnreadableFile, $"this GeoParquet file cannot be read: {error}.");
                return null;
            }
            layer.Format = "geoparquet";
        }

        ParquetColumn? geometryField = null;
        var source = GeometrySource.None;
        string? lonColumn = null, latColumn = null;
        if (geo is not null)
        {
            if (!geo.Encoding.Equals("WKB", StringComparison.OrdinalIgnoreCase))
            {
                problems.File(ErrorCodes.UnsupportedFormat,
                    $"its geometry column \"{geo.PrimaryColumn}\" is encoded as \"{geo.Encoding}\"; we read GeoParquet with WKB geometries (write it with geometry_encoding=WKB, e.g. GDAL's -lco GEOMETRY_ENCODING=WKB).");
                return null;
            }
            geometryField = readable.FirstOrDefault(f => f.Name == geo.PrimaryColumn && f.IsBinary);
            if (geometryField is null)
            {
                problems.File(ErrorCodes.NoGeometryColumn,
                    $"its \"geo\" metadata names the geometry column \"{geo.PrimaryColumn}\", but the file has no such binary column; its columns are: {string.Join(", ", names)}.");
                return null;
            }
            source = GeometrySource.Wkb;
            if (geo.Crs is not null) layer.DeclaredCrs = geo.Crs;
            else if (geo.IsLonLat) layer.ResolvedCrs = Crs.SourceCrs.Wgs84; // the specification's default, not a guess
            // else: crs null, "unknown" — taken as WGS 84 with the pipeline's usual warning.
        }
        else
        {
            var wktColumn = FieldMapping.Find("geometry", names, mapping, out var wktOverridden);
            var lon = FieldMapping.Find("lon", names, mapping, out var lonOverridden);
            var lat = FieldMapping.Find("lat", names, mapping, out var latOverridden);
            bool Broken(bool overridden, string? column, string target) => overridden && column is null && !string.IsNullOrEmpty(mapping[target]);
            if (Broken(wktOverridden, wktColumn, "geometry") || Broken(lonOverridden, lon, "lon") || Broken(latOverridden, lat, "lat"))
            {
                problems.File(ErrorCodes.MissingAttribute,
                    $"a map option for lon, lat or geometry names a column the file does not have; its columns are: {string.Join(", ", names)}.");
                return null;
            }
            if (lon is not null && lat is not null && !wktOverridden)
            {
                source = GeometrySource.LonLat;
                (lonColumn, latColumn) = (lon, lat);
            }
            else if (wktColumn is not null)
            {
                geometryField = readable.First(f => f.Name == wktColumn);
                source = geometryField.IsText ? GeometrySource.Wkt : geometryField.IsBinary ? GeometrySource.Wkb : GeometrySource.None;
                if (source == GeometrySource.None)
                {
                    problems.File(ErrorCodes.NoGeometryColumn, $"the geometry column \"{wktColumn}\" holds {geometryField.TypeName} values, not WKT text or WKB.");
                    return null;
                }
            }
            else if (FieldMapping.Find("quadkey", names, mapping, out _) is not null)
                layer.Warnings.Add("no geometry column; tile polygons are rebuilt from the quadkey column.");
            else
            {
                problems.File(ErrorCodes.NoGeometryColumn,
                    $"no geometry found: no GeoParquet \"geo\" metadata, no WKT or WKB column (wkt, geometry, tile …), no lon/lat columns and no quadkey; the columns are: {string.Join(", ", names)}. Name them with the map option (geometry=…, lon=…, lat=…).");
                return null;
            }
        }
        if (skipped.Count > 0) layer.Warnings.Add($"nested or repeated columns, and columns of types we do not convert, were not read: {string.Join(", ", skipped.Take(20))}.");

        var attributes = readable.Where(f => f != geometryField).ToList();
        var schemaColumns = Enumerable.Range(0, attributes.Count).Where(i => attributes[i].Name != lonColumn && attributes[i].Name != latColumn).ToArray();
        var schema = new AttributeSchema(schemaColumns.Select(i => attributes[i].Name).ToArray());
        var quadkey = FieldMapping.Find("quadkey", names, mapping, out _);
        return new ParquetPlan
        {
            Schema = schema,
            Attributes = attributes,
            SchemaColumns = schemaColumns,
            Geometry = source,
            GeometryField = geometryField,
            GeometryColumn = geometryField?.Name,
            LonColumn = lonColumn,
            LatColumn = latColumn,
            LonIndex = attributes.FindIndex(f => f.Name == lonColumn),
            LatIndex = attributes.FindIndex(f => f.Name == latColumn),
            QuadkeyIndex = quadkey is null ? -1 : attributes.FindIndex(f => f.Name == quadkey && f.IsText),
        };
    }
}
