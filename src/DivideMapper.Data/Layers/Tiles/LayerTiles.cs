using DivideMapper.Formats.Writers;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Layers.Tiles;

/// <summary>
/// Mapbox Vector Tiles of a catalogue layer, one <c>ST_AsMVT</c> statement per tile (DESIGN §8): the features whose
/// geometry meets the tile grown by the render buffer, in Web Mercator, simplified to a tile unit (1/4096 of the
/// tile's edge, so finer detail could not be drawn anyway and low zooms carry far fewer vertices), clipped by
/// <c>ST_AsMVTGeom</c>, with the layer's tile columns as attributes and its id as the feature id. The scope, the
/// privacy rule and the column expressions are the catalogue's (<see cref="LayerDefinition"/>), the same that OGC
/// pages and exports read.
/// </summary>
public static class LayerTiles
{
    /// <summary>Tile coordinate space: 4096 units to an edge, as ST_AsMVT and every renderer default to.</summary>
    public const int Extent = 4096;

    /// <summary>Units drawn past each edge so strokes and labels at tile seams join up (the common default).</summary>
    public const int Buffer = 64;

    /// <summary>The MVT layer name inside the tile: the catalogue id, so a style refers to "results", "gaps", ….</summary>
    public static string MvtLayerName(LayerDefinition layer) => layer.Id;

    /// <summary>The tile's bytes (gzip-free protobuf), empty when no feature meets it.</summary>
    public static async Task<byte[]> ReadAsync(NpgsqlDataSource dataSource, LayerDefinition layer, LayerScopeValues scope, TileAddress tile,
        CancellationToken ct = default)
    {
        await using var command = Command(dataSource, layer, scope, tile);
        return await command.ExecuteScalarAsync(ct) is byte[] bytes ? bytes : [];
    }

    /// <summary>The tile statement with its parameters (public so the tile bench times exactly this SQL without the app).</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, LayerDefinition layer, LayerScopeValues scope, TileAddress tile)
    {
        var command = dataSource.CreateCommand(Sql(layer));
        scope.AddTo(command);
        command.Parameters.AddWithValue("z", tile.Z);
        command.Parameters.AddWithValue("x", tile.X);
        command.Parameters.AddWithValue("y", tile.Y);
        var box = tile.LonLatBounds((double)Buffer / Extent);
        command.Parameters.AddWithValue("box", new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326)
            .ToGeometry(box));
        command.Parameters.AddWithValue("tolerance", tile.WidthMeters / Extent);
        command.Parameters.AddWithValue("mvt_layer", MvtLayerName(layer));
        return command;
    }

    /// <summary>
    /// The statement. The search box is the buffered tile in EPSG:4326 (<see cref="TileAddress.LonLatBounds"/>), compared
    /// with the stored column so its GiST index serves it. It is a parameter, not computed in the statement, so the
    /// planner sees its value: computed in SQL it was an unknown, and once a settlement partition had statistics the
    /// planner looked up every settlement of the run by id instead (6.8 ms a tile against 1.7). Points are not simplified.
    /// </summary>
    public static string Sql(LayerDefinition layer)
    {
        var mercator = $"ST_Transform({layer.GeometrySql}, 3857)";
        var drawn = layer.GeometryType == "Point" ? mercator : $"ST_Simplify({mercator}, @tolerance, true)";
        var attributes = string.Concat(layer.TileColumns.Select(c => $", {c.Sql} AS \"{c.Name}\""));
        return $"""
            WITH bounds AS (
              SELECT ST_TileEnvelope(@z, @x, @y) AS tile
            ), features AS (
              SELECT ST_AsMVTGeom({drawn}, bounds.tile, {Extent}, {Buffer}, true) AS geom, {layer.IdSql} AS fid{attributes}
              FROM {layer.From}, bounds
              WHERE ({layer.ScopeWhere}) AND {layer.GeometrySql} && @box
            )
            SELECT ST_AsMVT(features.*, @mvt_layer, {Extent}, 'geom', 'fid') FROM features WHERE geom IS NOT NULL
            """;
    }

    /// <summary>The extent of the layer's features in EPSG:4326, null when it has none (TileJSON bounds).</summary>
    public static async Task<Envelope?> BoundsAsync(NpgsqlDataSource dataSource, LayerDefinition layer, LayerScopeValues scope, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent({layer.GeometrySql}) AS e FROM {layer.From} " +
            $"WHERE {layer.ScopeWhere}) x WHERE e IS NOT NULL");
        scope.AddTo(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Envelope(reader.GetDouble(0), reader.GetDouble(2), reader.GetDouble(1), reader.GetDouble(3)) : null;
    }

    /// <summary>A tile attribute's type as TileJSON's <c>vector_layers.fields</c> names it.</summary>
    public static string FieldType(ColumnType type) => type switch
    {
        ColumnType.Integer or ColumnType.Real => "Number",
        ColumnType.Boolean => "Boolean",
        _ => "String",
    };
}
