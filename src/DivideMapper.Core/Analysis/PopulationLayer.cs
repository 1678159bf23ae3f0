using DivideMapper.Core.Domain;

namespace DivideMapper.Core.Analysis;

/// <summary>
/// A population layer a run counts people with (DESIGN §5.3): one dataset of the project's population role. A run
/// gets the finest of each kind (buildings, then raster cells, then areas or points). Features in EPSG:4326.
/// </summary>
/// <param name="DatasetId">The dataset the rows come from.</param>
/// <param name="Name">Its name, for explain.</param>
/// <param name="Kind">What its rows are (the kind of most of them).</param>
/// <param name="Rule">How its people were counted at import (the building rule, or the raster's cells).</param>
/// <param name="Features">Its rows; only those touching a settlement matter.</param>
public sealed record PopulationLayer(long DatasetId, string Name, PopulationKind Kind, string Rule, IReadOnlyList<PopulationFeature> Features);

/// <summary>How a run counted people, stored with its parameters and repeated per settlement in <see cref="Explain.People"/>.</summary>
/// <param name="Source"><c>layer</c> (people counted from a population layer), <c>settlement</c> (the boundary file's
/// population spread evenly over the area) or <c>none</c>.</param>
/// <param name="Rule">The rule as a code: <c>area-share</c> (Σ people × share of each cell, area or footprint inside; points
/// count where they are), <c>even-spread</c> or <c>none</c>.</param>
/// <param name="DatasetId">The layer's dataset, when one was used.</param>
/// <param name="Layer">The layer's name.</param>
/// <param name="Kind">The layer's kind: <c>cell</c>, <c>building</c>, <c>area</c>, <c>point</c>.</param>
/// <param name="ImportRule">How the layer's people were counted at import.</param>
/// <param name="LayerPeople">Per settlement: the layer's people inside it (null for the run, or without a layer).</param>
/// <param name="LayerFeatures">Per settlement: the layer's rows that touch it.</param>
/// <param name="Note">Why the fallback was used although a layer exists: <c>layer-has-no-people-here</c>; else null.</param>
public sealed record ExplainPeople(
    string Source,
    string Rule,
    long? DatasetId = null,
    string? Layer = null,
    string? Kind = null,
    string? ImportRule = null,
    double? LayerPeople = null,
    int LayerFeatures = 0,
    string? Note = null);
