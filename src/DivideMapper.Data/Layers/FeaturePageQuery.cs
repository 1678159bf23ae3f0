using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace DivideMapper.Data.Layers;

/// <summary>
/// The SQL for a page of a layer's features: the layer's scope, then bbox (the request's box transformed to the
/// stored SRID, never the column, so the GiST index serves it), datetime (the row's period range overlaps the
/// interval), the compiled filter, the keyset cursor or offset, ordered by id. Identifiers come from the
/// <see cref="LayerDefinition"/>; every value is a parameter.
/// </summary>
public static class FeaturePageQuery
{
    /// <summary>WHERE of the request (scope and all conditions) with its parameters added to <paramref name="command"/>.</summary>
    public static string Where(LayerDefinition layer, LayerScopeValues scope, FeaturePageRequest request, NpgsqlCommand command)
    {
        scope.AddTo(command);
        var where = new StringBuilder("(").Append(layer.ScopeWhere).Append(')');
        if (request.Bbox is { } box)
        {
            where.Append($" AND {layer.GeometrySql} && q.box AND ST_Intersects({layer.GeometrySql}, q.box)");
            command.Parameters.AddWithValue("minx", box.MinX);
            command.Parameters.AddWithValue("miny", box.MinY);
            command.Parameters.AddWithValue("maxx", box.MaxX);
            command.Parameters.AddWithValue("maxy", box.MaxY);
            command.Parameters.AddWithValue("bbox_srid", request.BboxSrid);
        }
        if (request.HasDatetime && layer.PeriodRangeSql is { } range)
        {
            where.Append($" AND {range} && tstzrange(@t_start, @t_end, '[]')");
            command.Parameters.Add(new NpgsqlParameter("t_start", NpgsqlDbType.TimestampTz) { Value = (object?)request.DatetimeStart ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("t_end", NpgsqlDbType.TimestampTz) { Value = (object?)request.DatetimeEnd ?? DBNull.Value });
        }
        if (request.Filter is { } filter)
        {
            where.Append(" AND (").Append(filter.Sql).Append(')');
            filter.AddTo(command);
        }
        if (request.FeatureId is { } id)
        {
            where.Append($" AND {layer.IdSql} = @feature_id");
            command.Parameters.AddWithValue("feature_id", id);
        }
        return where.ToString();
    }

    /// <summary>
    /// The bbox as a CTE (so it is transformed once): ST_Transform of a segmentized envelope, because a box in a
    /// projected CRS has curved edges in EPSG:4326.
    /// </summary>
    private static string BoxCte(FeaturePageRequest request) => request.Bbox is null ? "(SELECT NULL::geometry AS box)" :
        "(SELECT CASE WHEN @bbox_srid = 4326 THEN ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4326) " +
        "ELSE ST_Transform(ST_Segmentize(ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, @bbox_srid), (@maxx - @minx) / 32.0), 4326) END AS box)";

    /// <summary>SELECT id, geometry, columns… of one page.</summary>
    public static NpgsqlCommand Page(NpgsqlConnection connection, LayerDefinition layer, LayerScopeValues scope, FeaturePageRequest request)
    {
        var command = connection.CreateCommand();
        var where = Where(layer, scope, request, command);
        if (request.AfterId is { } after)
        {
            where += $" AND {layer.IdSql} > @after_id";
            command.Parameters.AddWithValue("after_id", after);
        }
        var geometry = request.OutputSrid == DivideMapperDbContext.StorageSrid ? layer.GeometrySql : $"ST_Transform({layer.GeometrySql}, @out_srid)";
        if (request.OutputSrid != DivideMapperDbContext.StorageSrid) command.Parameters.AddWithValue("out_srid", request.OutputSrid);
        var order = request.InDisplayOrder && request.AfterId is null && layer.DisplayOrderSql is { } display ? display : layer.IdSql;
        command.Parameters.AddWithValue("limit", (long)request.Limit);
        command.Parameters.AddWithValue("offset", request.Offset);
        command.CommandText =
            $"SELECT {layer.IdSql}, {geometry}, {string.Join(", ", layer.Columns.Select(c => c.Sql))} " +
            $"FROM {layer.From}, {BoxCte(request)} q WHERE {where} ORDER BY {order} OFFSET @offset LIMIT @limit";
        return command;
    }

    /// <summary>SELECT count(*) of every match (numberMatched).</summary>
    public static NpgsqlCommand Count(NpgsqlConnection connection, LayerDefinition layer, LayerScopeValues scope, FeaturePageRequest request)
    {
        var command = connection.CreateCommand();
        var where = Where(layer, scope, request, command);
        command.CommandText = $"SELECT count(*) FROM {layer.From}, {BoxCte(request)} q WHERE {where}";
        return command;
    }
}
