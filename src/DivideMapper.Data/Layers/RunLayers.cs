using System.Runtime.CompilerServices;
using DivideMapper.Formats.Writers;
using Npgsql;

namespace DivideMapper.Data.Layers;

/// <summary>
/// The two layers a run publishes (DESIGN §7 <c>--layer results|gaps</c>), in rank order, as thin wrappers over the
/// layer catalogue (<see cref="LayerCatalogue.Results"/>, <see cref="LayerCatalogue.Gaps"/>): same columns, same SQL,
/// same privacy rule (<see cref="Publication"/>, with the project's current floor) as OGC and tiles.
/// </summary>
public static class RunLayers
{
    /// <summary>results: one feature per settlement, its boundary with the DESIGN §5 result columns.</summary>
    public static FeatureSchema ResultsSchema => LayerCatalogue.Results.Schema;

    /// <summary>gaps: the uncovered part of each settlement at the profile's target technology.</summary>
    public static FeatureSchema GapsSchema => LayerCatalogue.Gaps.Schema;

    public static IAsyncEnumerable<FeatureRow> ResultsAsync(NpgsqlDataSource dataSource, long runId, int offset = 0, int limit = int.MaxValue,
        CancellationToken ct = default) => ReadAsync(dataSource, LayerCatalogue.Results, runId, offset, limit, ct);

    public static IAsyncEnumerable<FeatureRow> GapsAsync(NpgsqlDataSource dataSource, long runId, int offset = 0, int limit = int.MaxValue,
        CancellationToken ct = default) => ReadAsync(dataSource, LayerCatalogue.Gaps, runId, offset, limit, ct);

    /// <summary>Every feature of a run layer in rank order (exports).</summary>
    public static IAsyncEnumerable<FeatureRow> ReadAsync(NpgsqlDataSource dataSource, LayerDefinition layer, long runId, CancellationToken ct = default) =>
        ReadAsync(dataSource, layer, runId, 0, int.MaxValue, ct);

    private static async IAsyncEnumerable<FeatureRow> ReadAsync(NpgsqlDataSource dataSource, LayerDefinition layer, long runId, int offset, int limit,
        [EnumeratorCancellation] CancellationToken ct)
    {
        if (await LayerScopes.ForRunAsync(dataSource, runId, ct) is not { } scope) yield break;
        var request = new FeaturePageRequest { Offset = offset, Limit = limit, InDisplayOrder = true, CountMatched = false };
        await foreach (var feature in FeaturePages.StreamAsync(dataSource, layer, scope, request, ct)) yield return feature.Row;
    }
}
