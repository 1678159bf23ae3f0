namespace DivideMapper.Formats.Import;

/// <summary>
/// The terms Ookla publishes its open-data speed tiles under (github.com/teamookla/ookla-open-data, README "License"):
/// Creative Commons BY-NC-SA 4.0, with an attribution naming the dataset and the period. A tile file imported without
/// a licence is recorded under these terms, so every export of results built from it carries them (issue #10 item 5).
/// </summary>
public static class OoklaOpenData
{
    public const string Licence = "CC BY-NC-SA 4.0";

    /// <summary>True for a layer the import recognised as Ookla open-data tiles (format <c>ookla-csv</c>, <c>ookla-shapefile</c> …).</summary>
    public static bool IsOoklaFormat(string? format) => format?.StartsWith("ookla-", StringComparison.Ordinal) == true;

    public static string Attribution(string? period) =>
        "Speedtest® by Ookla® Global Fixed and Mobile Network Performance Maps. Based on analysis by Ookla of Speedtest Intelligence® data" +
        (period is null ? "." : $" for {period}.") + " Ookla trademarks used under license and reprinted with permission.";

    public const string DefaultedWarning =
        "No licence was given for these Ookla open-data tiles: they are recorded under Ookla's terms, " + Licence +
        ", with Ookla's attribution, and every export built from them carries both. Give --licence and --attribution (upload: licence, attribution) to record others.";
}
