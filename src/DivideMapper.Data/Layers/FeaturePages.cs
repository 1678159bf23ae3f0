using System.Runtime.CompilerServices;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Layers;

/// <summary>Runs <see cref="FeaturePageQuery"/>: a page with its count, or a stream of every feature (exports).</summary>
public static class FeaturePages
{
    public static async Task<FeaturePage> ReadAsync(NpgsqlDataSource dataSource, LayerDefinition layer, LayerScopeValues scope,
        FeaturePageRequest request, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        long? matched = null;
        if (request.CountMatched)
        {
            await using var count = FeaturePageQuery.Count(connection, layer, scope, request);
            matched = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var features = new List<LayerFeature>(Math.Min(request.Limit, 1024));
        await foreach (var feature in ReadRowsAsync(connection, layer, scope, request, ct)) features.Add(feature);
        return new FeaturePage(features, matched);
    }

    /// <summary>Every feature the request selects, streamed in id order (no count).</summary>
    public static async IAsyncEnumerable<LayerFeature> StreamAsync(NpgsqlDataSource dataSource, LayerDefinition layer, LayerScopeValues scope,
        FeaturePageRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await foreach (var feature in ReadRowsAsync(connection, layer, scope, request, ct)) yield return feature;
    }

    private static async IAsyncEnumerable<LayerFeature> ReadRowsAsync(NpgsqlConnection connection, LayerDefinition layer, LayerScopeValues scope,
        FeaturePageRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = FeaturePageQuery.Page(connection, layer, scope, request);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            var geometry = await reader.IsDBNullAsync(1, ct) ? null : reader.GetFieldValue<Geometry>(1);
            var values = new object?[reader.FieldCount - 2];
            for (var i = 2; i < reader.FieldCount; i++) values[i - 2] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i);
            yield return new LayerFeature(id, new FeatureRow(geometry, values));
        }
    }
}
