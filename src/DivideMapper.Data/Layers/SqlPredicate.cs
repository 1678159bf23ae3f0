using Npgsql;

namespace DivideMapper.Data.Layers;

/// <summary>
/// A compiled condition over a layer (a CQL2 filter): SQL built only from the layer's own column expressions and
/// operators, with every literal as a parameter. Parameter names are unique to the predicate (<c>@f0</c>, <c>@f1</c>…)
/// so they cannot collide with the page's own.
/// </summary>
public sealed record SqlPredicate(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters)
{
    public void AddTo(NpgsqlCommand command)
    {
        foreach (var (name, value) in Parameters) command.Parameters.AddWithValue(name, value);
    }
}
