using System.Text;

namespace DivideMapper.Formats.Writers;

/// <summary>
/// DBF field names hold at most 10 ASCII characters. Names are mapped deterministically, in column order:
/// anything other than letters, digits and '_' becomes '_', a leading digit gets an 'f' prefix, the name is
/// cut to 10 characters, and a name already taken (case-insensitively) ends in _1, _2 … instead, the way
/// GDAL does it: covered_share_2g → covered_sh, covered_share_3g → covered__1.
/// </summary>
public static class ShapefileFieldNames
{
    public const int MaxLength = 10;

    public static IReadOnlyList<string> Map(IEnumerable<string> names)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mapped = new List<string>();
        foreach (var name in names)
        {
            var clean = Clean(name);
            var candidate = Cut(clean, MaxLength);
            for (var n = 1; !taken.Add(candidate); n++)
            {
                var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                candidate = Cut(clean, MaxLength - suffix.Length) + suffix;
            }
            mapped.Add(candidate);
        }
        return mapped;
    }

    private static string Clean(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name.Trim())
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (builder.Length == 0) return "field";
        if (char.IsAsciiDigit(builder[0])) builder.Insert(0, 'f');
        return builder.ToString();
    }

    private static string Cut(string name, int length) => name.Length <= length ? name : name[..length];
}
