using System.Collections;

namespace DivideMapper.Formats.Import;

/// <summary>
/// The field names of a layer whose features all share them (a CSV header): each feature then keeps only an
/// array of values, not a dictionary of its own. Names are matched case-insensitively; a name repeated in the
/// header keeps its first spelling and its last value, as a case-insensitive dictionary would.
/// </summary>
internal sealed class AttributeSchema
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public AttributeSchema(IReadOnlyList<string> columns)
    {
        var names = new List<string>();
        Slots = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (!_index.TryGetValue(columns[i], out var slot))
            {
                slot = names.Count;
                _index[columns[i]] = slot;
                names.Add(columns[i]);
            }
            Slots[i] = slot;
        }
        Names = names;
    }

    /// <summary>The distinct names, in the order they first occur.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>For each source column, the value slot it fills.</summary>
    public int[] Slots { get; }

    public int IndexOf(string name) => _index.TryGetValue(name, out var slot) ? slot : -1;
}

/// <summary>
/// The raw attributes of one source feature: either a case-insensitive dictionary (GeoJSON, DBF, GDAL) or a slot
/// array over a shared <see cref="AttributeSchema"/> (CSV), which costs one array per row instead of a dictionary.
/// Reads like a dictionary; keys are case-insensitive either way.
/// </summary>
internal sealed class FeatureAttributes : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly Dictionary<string, object?>? _dictionary;
    private readonly AttributeSchema? _schema;
    private readonly object?[]? _values;
    private Dictionary<string, object?>? _extra; // keys added to a schema row that the schema does not have

    public FeatureAttributes(Dictionary<string, object?> dictionary) => _dictionary = dictionary;

    public FeatureAttributes(AttributeSchema schema, object?[] values)
    {
        _schema = schema;
        _values = values;
    }

    /// <summary>The shared schema when the row has one and nothing was added beside it.</summary>
    public AttributeSchema? Schema => _extra is null ? _schema : null;

    public IEnumerable<string> Keys => _dictionary?.Keys ?? (_extra is null ? _schema!.Names : _schema!.Names.Concat(_extra.Keys));

    public int Count => _dictionary?.Count ?? _schema!.Names.Count + (_extra?.Count ?? 0);

    public bool ContainsKey(string key) =>
        _dictionary?.ContainsKey(key) ?? (_schema!.IndexOf(key) >= 0 || _extra?.ContainsKey(key) == true);

    public object? GetValueOrDefault(string key)
    {
        if (_dictionary is not null) return _dictionary.GetValueOrDefault(key);
        var slot = _schema!.IndexOf(key);
        return slot >= 0 ? _values![slot] : _extra?.GetValueOrDefault(key);
    }

    /// <summary>The value in a schema slot (only for rows with a schema).</summary>
    public object? this[int slot] => _values![slot];

    public object? this[string key]
    {
        get => GetValueOrDefault(key);
        set
        {
            if (_dictionary is not null)
            {
                _dictionary[key] = value;
                return;
            }
            var slot = _schema!.IndexOf(key);
            if (slot >= 0) _values![slot] = value;
            else (_extra ??= new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase))[key] = value;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        if (_dictionary is not null)
        {
            foreach (var kv in _dictionary) yield return kv;
            yield break;
        }
        for (var i = 0; i < _schema!.Names.Count; i++) yield return new(_schema.Names[i], _values![i]);
        if (_extra is not null)
            foreach (var kv in _extra) yield return kv;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
