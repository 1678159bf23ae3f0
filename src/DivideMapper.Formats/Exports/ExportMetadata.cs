using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DivideMapper.Formats.Exports;

/// <summary>A dataset the exported run read, with the terms its data came under.</summary>
public sealed record ExportSource(long DatasetId, string Role, string Name, string? SourceFile, string? Period, string? Network,
    string? Licence, string? Attribution);

/// <summary>
/// What travels with every export (issue #10 item 5): which run, profile and method made the figures, the privacy floor
/// they were published under, and the licence and attribution of every source dataset — so CC BY-NC-SA speed tiles, for
/// one, never leave the service without their terms.
/// </summary>
public sealed record ExportMetadata
{
    public required string Project { get; init; }
    public required string ProjectName { get; init; }
    public string? ProjectAttribution { get; init; }
    public required long RunId { get; init; }
    public required string Layer { get; init; }
    public required string LayerTitle { get; init; }
    public required string ProfileId { get; init; }
    public int? ProfileVersion { get; init; }
    public string? ProfileName { get; init; }
    public string? ProfileCitation { get; init; }
    public string? MethodVersion { get; init; }

    /// <summary>What the people counts rest on: the population layer and its rule, or the even spread (DESIGN §5.3).</summary>
    public string? People { get; init; }
    public string? Period { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required string AppVersion { get; init; }
    public required int MinDevices { get; init; }
    public required int MinTests { get; init; }
    public IReadOnlyList<ExportSource> Sources { get; init; } = [];

    /// <summary>The distinct licences of the sources; a source without one shows as "not stated".</summary>
    public IReadOnlyList<string> Licences => Sources.Select(s => s.Licence ?? NotStated).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every attribution the data asks for, in source order, once each.</summary>
    public IReadOnlyList<string> Attributions =>
        new[] { ProjectAttribution }.Concat(Sources.Select(s => s.Attribution)).OfType<string>().Where(a => a.Length > 0).Distinct().ToArray();

    public const string NotStated = "not stated at import";

    public string Title => $"DivideMapper {Layer}, project {Project}, run {RunId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Time stamp for files inside packages: the run's end, so the same export gives the same bytes.</summary>
    public DateTimeOffset Stamp => FinishedAt ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public JsonObject ToJson() => new()
    {
        ["title"] = Title,
        ["layer"] = new JsonObject { ["id"] = Layer, ["title"] = LayerTitle },
        ["project"] = new JsonObject { ["slug"] = Project, ["name"] = ProjectName, ["attribution"] = ProjectAttribution },
        ["run"] = new JsonObject
        {
            ["id"] = RunId,
            ["finishedAt"] = FinishedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["period"] = Period,
            ["methodVersion"] = MethodVersion,
            ["people"] = People,
            ["appVersion"] = AppVersion,
            ["profile"] = new JsonObject
            {
                ["id"] = ProfileId, ["version"] = ProfileVersion, ["name"] = ProfileName, ["citation"] = ProfileCitation,
            },
        },
        ["privacyFloor"] = new JsonObject
        {
            ["minDevices"] = MinDevices,
            ["minTests"] = MinTests,
            ["rule"] = PrivacyRule,
        },
        ["crs"] = "OGC:CRS84",
        ["licences"] = new JsonArray([.. Licences.Select(l => (JsonNode)l)]),
        ["attribution"] = string.Join("; ", Attributions),
        ["sources"] = new JsonArray([.. Sources.Select(s => (JsonNode)new JsonObject
        {
            ["dataset"] = s.DatasetId, ["role"] = s.Role, ["name"] = s.Name, ["file"] = s.SourceFile, ["period"] = s.Period,
            ["network"] = s.Network, ["licence"] = s.Licence ?? NotStated, ["attribution"] = s.Attribution,
        })]),
    };

    public string ToJsonText() => ToJson().ToJsonString(Indented) + "\n";

    /// <summary>One line of JSON for metadata slots (GeoPackage items, Parquet key-value metadata).</summary>
    public string ToJsonLine() => ToJson().ToJsonString(Compact);

    // Names and licences in any script stay readable ("+" and non-ASCII unescaped); the text is data, never HTML.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new(Compact) { WriteIndented = true };

    /// <summary>Flat items for formats with key/value metadata (GeoPackage).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Items() =>
    [
        new("DIVIDEMAPPER_RUN", RunId.ToString(CultureInfo.InvariantCulture)),
        new("DIVIDEMAPPER_PROJECT", Project),
        new("DIVIDEMAPPER_LAYER", Layer),
        new("DIVIDEMAPPER_PROFILE", ProfileVersion is { } v ? $"{ProfileId} v{v}" : ProfileId),
        new("DIVIDEMAPPER_METHOD_VERSION", MethodVersion ?? ""),
        new("DIVIDEMAPPER_PERIOD", Period ?? ""),
        new("DIVIDEMAPPER_PRIVACY_FLOOR", $"min_devices={MinDevices}, min_tests={MinTests}"),
        new("LICENCE", string.Join("; ", Licences)),
        new("ATTRIBUTION", string.Join("; ", Attributions)),
        new("DIVIDEMAPPER_METADATA", ToJsonLine()),
    ];

    private string PrivacyRule =>
        $"Medians of speed and latency, and the tests and devices behind them, are withheld (null) where fewer than {MinDevices} " +
        $"devices or {MinTests} tests stand behind them.";

    /// <summary>README.txt for zipped exports: the same facts in words a planner reads first.</summary>
    public string Notice()
    {
        var text = new StringBuilder();
        text.AppendLine(Title).AppendLine(new string('=', Title.Length)).AppendLine();
        text.AppendLine($"Layer: {LayerTitle} ({Layer}). Coordinates: WGS 84 longitude/latitude (OGC:CRS84).");
        text.AppendLine($"Project: {ProjectName} ({Project}).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {RunId}, finished {FinishedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "–"}, " +
                        $"period {Period ?? "–"}, method version {MethodVersion ?? "–"}, DivideMapper {AppVersion}.");
        if (People is not null) text.AppendLine($"People counted from: {People}.");
        text.AppendLine($"Profile: {ProfileId}{(ProfileVersion is { } v ? $" v{v}" : "")} {ProfileName}".TrimEnd());
        if (ProfileCitation is not null) text.AppendLine($"  Source: {ProfileCitation}");
        text.AppendLine().AppendLine($"Privacy: {PrivacyRule}").AppendLine();
        text.AppendLine("Sources and their terms (keep these with the data and any work made from it):");
        foreach (var s in Sources)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- dataset {s.DatasetId}, {s.Role}: {s.Name}{(s.Period is null ? "" : $" ({s.Period})")}");
            text.AppendLine($"  licence: {s.Licence ?? NotStated}");
            if (s.Attribution is not null) text.AppendLine($"  attribution: {s.Attribution}");
        }
        if (ProjectAttribution is not null) text.AppendLine().AppendLine($"Project attribution: {ProjectAttribution}");
        text.AppendLine().AppendLine("metadata.json holds the same in machine-readable form.");
        return text.ToString();
    }
}
