using System.Globalization;
using System.Text.Json;
using DivideMapper.Core.Domain;

namespace DivideMapper.Core.Profiles;

/// <summary>
/// Reads typed fields of one JSON object and records a <see cref="ProfileProblem"/> for each one that is missing,
/// mistyped or out of range, plus unknown and duplicate keys, so a user sees every problem at once.
/// </summary>
internal sealed class FieldReader
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly List<ProfileProblem> _problems;

    public FieldReader(JsonElement obj, string path, IReadOnlyCollection<string> known, List<ProfileProblem> problems)
    {
        Path = path;
        _problems = problems;
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                string? hint = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                problems.Add(new($"{path}.{property.Name}", hint is null
                    ? $"unknown property; expected one of: {string.Join(", ", known)}"
                    : $"unknown property; did you mean '{hint}'? (names are case-sensitive)"));
            }
            else if (!_values.TryAdd(property.Name, property.Value))
            {
                problems.Add(new($"{path}.{property.Name}", "appears more than once"));
            }
        }
    }

    public string Path { get; }

    public string? String(string name, bool required)
    {
        if (!Present(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String) return Fail<string>(name, $"must be a string, not {ProfileJson.Describe(value.ValueKind)}");
        string text = value.GetString()!.Trim();
        if (text.Length == 0) return required ? Fail<string>(name, "must not be empty") : null;
        return text;
    }

    public int? Integer(string name, bool required, int min)
    {
        if (!Present(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int n))
            return FailValue<int>(name, $"must be a whole number, not {Show(value)}");
        if (n < min) return FailValue<int>(name, $"must be at least {min}, not {n}");
        return n;
    }

    public double? Number(string name, bool required, double min, bool minExclusive = false, double max = double.PositiveInfinity)
    {
        if (!Present(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double n) || !double.IsFinite(n))
            return FailValue<double>(name, $"must be a number, not {Show(value)}");
        bool tooLow = minExclusive ? n <= min : n < min;
        if (tooLow || n > max)
        {
            string low = minExclusive ? $"greater than {Fmt(min)}" : $"at least {Fmt(min)}";
            string range = double.IsPositiveInfinity(max) ? low : $"{low} and at most {Fmt(max)}";
            return FailValue<double>(name, $"must be {range}, not {Fmt(n)}");
        }
        return n;
    }

    public Tech? Tech(string name)
    {
        string? label = String(name, required: true);
        if (label is null) return null;
        if (Techs.TryParse(label, out var tech)) return tech;
        return FailValue<Tech>(name, $"'{label}' is not a technology; use 2G, 3G, 4G, 5G or fixed");
    }

    public FieldReader? Object(string name, bool required)
    {
        if (!Present(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Object) return Fail<FieldReader>(name, $"must be an object, not {ProfileJson.Describe(value.ValueKind)}");
        string[] known = name switch
        {
            "source" => ["citation", "url", "verified"],
            "weights" => ["gapShare", "people", "speedShortfall"],
            _ => [],
        };
        return new FieldReader(value, $"{Path}.{name}", known, _problems);
    }

    // Optional fields may be absent or null; required ones must be present and not null.
    private bool Present(string name, bool required, out JsonElement value)
    {
        if (_values.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        if (required) _problems.Add(new($"{Path}.{name}", "is required"));
        return false;
    }

    private T? Fail<T>(string name, string message) where T : class
    {
        _problems.Add(new($"{Path}.{name}", message));
        return null;
    }

    private T? FailValue<T>(string name, string message) where T : struct
    {
        _problems.Add(new($"{Path}.{name}", message));
        return null;
    }

    private static string Show(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetRawText() : ProfileJson.Describe(value.ValueKind);

    private static string Fmt(double n) => n.ToString("R", CultureInfo.InvariantCulture);
}
