using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DivideMapper.Core.Domain;

namespace DivideMapper.Core.Profiles;

/// <summary>One thing wrong with a profile document: where (a JSON path such as <c>$.minDownMbps</c>) and what.</summary>
public sealed record ProfileProblem(string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The outcome of reading a profile: the profile, or the problems that prevent it (never both).</summary>
public sealed record ProfileParseResult(Profile? Profile, IReadOnlyList<ProfileProblem> Problems)
{
    /// <summary>True when <see cref="Profile"/> is set and there are no problems.</summary>
    public bool Succeeded => Profile is not null;
}

/// <summary>
/// The profile JSON format (camelCase keys), read with per-field problems and written as the run's snapshot.
/// </summary>
/// <example>
/// <code>
/// { "id": "city-2025", "version": 1, "name": "City plan 2025",
///   "source": { "citation": "City ICT plan, 2024", "url": "https://example.org/plan" },
///   "targetTech": "4G", "minDownMbps": 10, "minUpMbps": 2, "maxLatencyMs": 100,
///   "minCoveredShare": 0.5, "schoolMinMbps": 20,
///   "weights": { "gapShare": 0.5, "people": 0.3, "speedShortfall": 0.2 }, "notes": "…",
///   "network": "mobile", "supersededBy": null }
/// </code>
/// </example>
public static partial class ProfileJson
{
    private static readonly string[] Known =
    [
        "id", "version", "name", "source", "targetTech", "minDownMbps", "minUpMbps", "maxLatencyMs",
        "minCoveredShare", "schoolMinMbps", "weights", "notes", "network", "supersededBy",
    ];

    /// <summary>
    /// Reads and validates a profile. Unknown or duplicate keys, missing required keys, wrong types and values out of
    /// range are reported together, each with its JSON path; the profile is returned only when there are none.
    /// </summary>
    public static ProfileParseResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var problems = new List<ProfileProblem>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return new(null, [new("$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new(null, [new("$", $"a profile is a JSON object, not {Describe(root.ValueKind)}")]);

            var fields = new FieldReader(root, "$", Known, problems);
            string? id = fields.String("id", required: true);
            if (id is not null && !IdPattern().IsMatch(id))
                problems.Add(new("$.id", $"'{id}' is not a valid id: use 2–64 lower-case letters, digits and single hyphens, e.g. 'city-plan-2025'"));
            int? version = fields.Integer("version", required: true, min: 1);
            string? name = fields.String("name", required: true);
            ProfileSource? source = ReadSource(fields.Object("source", required: true), problems);
            Tech? target = fields.Tech("targetTech");
            double? minDown = fields.Number("minDownMbps", required: true, min: 0, minExclusive: true);
            double? minUp = fields.Number("minUpMbps", required: false, min: 0, minExclusive: true);
            double? maxLatency = fields.Number("maxLatencyMs", required: false, min: 0, minExclusive: true);
            double? minShare = fields.Number("minCoveredShare", required: false, min: 0, max: 1);
            double? schoolMin = fields.Number("schoolMinMbps", required: false, min: 0, minExclusive: true);
            ScoreWeights? weights = ReadWeights(fields.Object("weights", required: false), problems);
            string? notes = fields.String("notes", required: false);
            string? networkText = fields.String("network", required: false);
            Network? network = null;
            if (networkText is not null)
            {
                if (Networks.TryParse(networkText, out var n) && n != Network.Unknown) network = n;
                else problems.Add(new("$.network", $"'{networkText}' is not a network the thresholds can judge; use fixed or mobile"));
            }
            string? supersededBy = fields.String("supersededBy", required: false);

            if (problems.Count > 0 || id is null || version is null || name is null || source is null || target is null || minDown is null)
                return new(null, problems);

            return new(new Profile(id, version.Value, name, source, target.Value, minDown.Value, minUp, maxLatency,
                minShare ?? Profile.DefaultMinCoveredShare, schoolMin, weights, notes, network, supersededBy), []);
        }
    }

    /// <summary>Writes <paramref name="profile"/> in the format <see cref="Read"/> accepts (round-trips exactly).</summary>
    public static string Write(Profile profile, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("id", profile.Id);
            w.WriteNumber("version", profile.Version);
            w.WriteString("name", profile.Name);
            w.WriteStartObject("source");
            w.WriteString("citation", profile.Source.Citation);
            if (profile.Source.Url is null) w.WriteNull("url"); else w.WriteString("url", profile.Source.Url);
            if (profile.Source.Verified is not null) w.WriteString("verified", profile.Source.Verified);
            w.WriteEndObject();
            w.WriteString("targetTech", profile.TargetTech.ToLabel());
            w.WriteNumber("minDownMbps", profile.MinDownMbps);
            WriteNullable(w, "minUpMbps", profile.MinUpMbps);
            WriteNullable(w, "maxLatencyMs", profile.MaxLatencyMs);
            w.WriteNumber("minCoveredShare", profile.MinCoveredShare);
            WriteNullable(w, "schoolMinMbps", profile.SchoolMinMbps);
            if (profile.Weights is { } sw)
            {
                w.WriteStartObject("weights");
                w.WriteNumber("gapShare", sw.GapShare);
                w.WriteNumber("people", sw.People);
                w.WriteNumber("speedShortfall", sw.SpeedShortfall);
                w.WriteEndObject();
            }
            if (profile.Notes is not null) w.WriteString("notes", profile.Notes);
            if (profile.Network is { } network) w.WriteString("network", network.ToSlug());
            if (profile.SupersededBy is not null) w.WriteString("supersededBy", profile.SupersededBy);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static ProfileSource? ReadSource(FieldReader? source, List<ProfileProblem> problems)
    {
        if (source is null) return null;
        string? citation = source.String("citation", required: true);
        string? url = source.String("url", required: false);
        string? verified = source.String("verified", required: false);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            problems.Add(new($"{source.Path}.url", $"'{url}' is not an absolute http(s) URL"));
        return citation is null ? null : new ProfileSource(citation, url, verified);
    }

    private static ScoreWeights? ReadWeights(FieldReader? weights, List<ProfileProblem> problems)
    {
        if (weights is null) return null;
        double? gap = weights.Number("gapShare", required: true, min: 0);
        double? people = weights.Number("people", required: true, min: 0);
        double? speed = weights.Number("speedShortfall", required: true, min: 0);
        if (gap is null || people is null || speed is null) return null;
        var result = new ScoreWeights(gap.Value, people.Value, speed.Value);
        if (result.Sum <= 0)
        {
            problems.Add(new(weights.Path, "at least one weight must be greater than 0"));
            return null;
        }
        return result;
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    [GeneratedRegex("^(?=.{2,64}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
