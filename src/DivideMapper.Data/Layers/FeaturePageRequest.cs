using NetTopologySuite.Geometries;

namespace DivideMapper.Data.Layers;

/// <summary>
/// What a page of features asks for. <see cref="Bbox"/> is in x/y order of <see cref="BboxSrid"/> (the caller swaps a
/// lat/lon bbox); the datetime interval bounds are inclusive, null for open; <see cref="AfterId"/> is the keyset
/// cursor (ids are the stable order), <see cref="Offset"/> the alternative for links that go back.
/// </summary>
public sealed record FeaturePageRequest
{
    public Envelope? Bbox { get; init; }
    public int BboxSrid { get; init; } = DivideMapperDbContext.StorageSrid;
    public bool HasDatetime { get; init; }
    public DateTimeOffset? DatetimeStart { get; init; }
    public DateTimeOffset? DatetimeEnd { get; init; }
    public SqlPredicate? Filter { get; init; }
    public int Limit { get; init; } = 100;
    public long Offset { get; init; }
    public long? AfterId { get; init; }
    /// <summary>One feature by id (single-item requests).</summary>
    public long? FeatureId { get; init; }
    /// <summary>The SRID geometries come out in (transformed in SQL); axis order is the caller's business.</summary>
    public int OutputSrid { get; init; } = DivideMapperDbContext.StorageSrid;
    /// <summary>In the layer's display order (<see cref="LayerDefinition.DisplayOrderSql"/>) instead of id order; not with <see cref="AfterId"/>.</summary>
    public bool InDisplayOrder { get; init; }
    /// <summary>Also count every match (numberMatched); one more statement.</summary>
    public bool CountMatched { get; init; } = true;
}

/// <summary>A feature of a layer: its id and its row (geometry and values in the layer's column order).</summary>
public readonly record struct LayerFeature(long Id, Formats.Writers.FeatureRow Row);

/// <summary>A page: the features and, when asked, how many match in all.</summary>
public sealed record FeaturePage(IReadOnlyList<LayerFeature> Features, long? NumberMatched);
