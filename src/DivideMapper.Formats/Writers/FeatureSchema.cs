using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Writers;

/// <summary>Attribute types every writer understands.</summary>
public enum ColumnType
{
    Text,
    Integer,
    Real,
    Boolean,
    Date,
}

/// <summary>
/// One attribute column. <paramref name="Width"/> is the text width for fixed-width formats (Shapefile DBF;
/// default 254, the DBF maximum); <paramref name="Decimals"/> rounds Real values in every format when set.
/// </summary>
public sealed record FeatureColumn(string Name, ColumnType Type, int? Width = null, int? Decimals = null);

/// <summary>The ordered attribute columns of a layer; every row carries one value per column, in this order.</summary>
public sealed class FeatureSchema
{
    public FeatureSchema(IEnumerable<FeatureColumn> columns)
    {
        Columns = columns.ToArray();
        var duplicate = Columns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Column '{duplicate.Key}' appears twice.", nameof(columns));
        if (Columns.Any(c => string.IsNullOrWhiteSpace(c.Name))) throw new ArgumentException("Column names must not be empty.", nameof(columns));
    }

    public FeatureSchema(params FeatureColumn[] columns) : this((IEnumerable<FeatureColumn>)columns) { }

    public IReadOnlyList<FeatureColumn> Columns { get; }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}

/// <summary>
/// A feature: a geometry (null for none) and its values in schema order. Values may be null, string, any
/// integer or floating type, bool, <see cref="DateOnly"/>, <see cref="DateTime"/> or <see cref="DateTimeOffset"/>.
/// </summary>
public readonly record struct FeatureRow(Geometry? Geometry, IReadOnlyList<object?> Values);

/// <summary>Turns row values into the column's type, the same way for every writer.</summary>
internal static class ColumnValues
{
    public static long? Integer(object? value) => value switch
    {
        null => null,
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        uint u => u,
        ulong u => checked((long)u),
        bool b => b ? 1 : 0,
        double d when double.IsFinite(d) => checked((long)Math.Round(d)),
        float f when float.IsFinite(f) => checked((long)Math.Round(f)),
        decimal m => (long)Math.Round(m),
        double or float => null,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static double? Real(object? value, int? decimals)
    {
        double? d = value switch
        {
            null => null,
            double x => x,
            float f => f,
            decimal m => (double)m,
            _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        };
        if (d is not { } v || !double.IsFinite(v)) return null; // NaN and ∞ have no place in JSON, DBF or CSV
        return decimals is { } n ? Math.Round(v, n, MidpointRounding.AwayFromZero) : v;
    }

    public static bool? Boolean(object? value) => value switch
    {
        null => null,
        bool b => b,
        string s => bool.Parse(s),
        _ => Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static DateOnly? Date(object? value) => value switch
    {
        null => null,
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
        string s => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Cannot write {value.GetType().Name} as a date."),
    };

    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static void CheckWidth(FeatureSchema schema, FeatureRow row)
    {
        if (row.Values.Count != schema.Columns.Count)
            throw new ArgumentException($"A row has {row.Values.Count} values for {schema.Columns.Count} columns.");
    }
}
