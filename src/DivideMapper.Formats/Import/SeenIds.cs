namespace DivideMapper.Formats.Import;

/// <summary>
/// The ids a file has used so far and the feature that first used each, for the duplicate-id check. The set must hold
/// every id (a duplicate can come last), so it grows with the file; this keeps it compact for the ids large files
/// carry. An id of 1–17 ASCII digits (row numbers, OBJECTID/FID, OpenCelliD cell numbers, Ookla z16 quadkeys) is kept
/// as one 64-bit key, its digit count in the high bits and its value in the low 57 (10^17 &lt; 2^57), so "007" and
/// "7" stay apart and the check stays exact: 28 bytes an id in the dictionary instead of ≈ 64 for the string and its
/// entry (2M ids: ≈ 56 MB instead of ≈ 130 MB). Other ids (UUIDs, names) are kept as text, exactly as before.
/// </summary>
internal sealed class SeenIds
{
    private const int MaxDigits = 17;
    private readonly Dictionary<long, int> _digits = new();
    private readonly Dictionary<string, int> _text = new(StringComparer.Ordinal);

    public int Count => _digits.Count + _text.Count;

    /// <summary>Records <paramref name="id"/> for <paramref name="feature"/>; false, with the first feature, when it was seen before.</summary>
    public bool TryAdd(string id, int feature, out int first)
    {
        if (DigitsKey(id) is { } key)
        {
            if (_digits.TryAdd(key, feature)) { first = 0; return true; }
            first = _digits[key];
            return false;
        }
        if (_text.TryAdd(id, feature)) { first = 0; return true; }
        first = _text[id];
        return false;
    }

    /// <summary>The exact 64-bit key of an id made of 1–17 ASCII digits, or null.</summary>
    internal static long? DigitsKey(string id)
    {
        if (id.Length is 0 or > MaxDigits) return null;
        long value = 0;
        foreach (var c in id)
        {
            if (c is < '0' or > '9') return null;
            value = value * 10 + (c - '0');
        }
        return ((long)id.Length << 57) | value;
    }
}
