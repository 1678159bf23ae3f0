namespace DivideMapper.Core.Domain;

/// <summary>
/// The network a speed test ran on (DESIGN §4). Fixed and mobile tests measure different things (a home line
/// against a phone's radio link), so a profile's thresholds judge one of them and the two are never pooled.
/// </summary>
public enum Network
{
    /// <summary>Not stated by the file, its name or the analyst.</summary>
    Unknown,

    /// <summary>Fixed broadband (Ookla's <c>fixed</c> tiles: home lines, fibre, cable, DSL, fixed wireless).</summary>
    Fixed,

    /// <summary>Mobile networks (Ookla's <c>mobile</c> tiles: 2G–5G radio).</summary>
    Mobile,
}

public static class Networks
{
    /// <summary><c>fixed</c>, <c>mobile</c> or <c>unknown</c>: the label in files, columns and the API.</summary>
    public static string ToSlug(this Network network) => network switch
    {
        Network.Fixed => "fixed",
        Network.Mobile => "mobile",
        _ => "unknown",
    };

    /// <summary>Reads the labels above and common synonyms (fixed broadband, wired, cellular …); false for anything else.</summary>
    public static bool TryParse(string? text, out Network network)
    {
        network = Network.Unknown;
        if (string.IsNullOrWhiteSpace(text)) return false;
        switch (text.Trim().ToLowerInvariant().Replace('-', ' ').Replace('_', ' '))
        {
            case "fixed" or "fixed broadband" or "wired" or "fixed network":
                network = Network.Fixed; return true;
            case "mobile" or "cellular" or "cell" or "mobile network" or "mobile broadband" or "wireless mobile":
                network = Network.Mobile; return true;
            case "unknown":
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The network named by a file name the way Ookla names its open-data files
    /// (<c>2024-01-01_performance_fixed_tiles.parquet</c>, <c>..._mobile_tiles.csv</c>): the word <c>fixed</c> or
    /// <c>mobile</c> between separators. Unknown when neither or both appear.
    /// </summary>
    public static Network FromFileName(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName)) return Network.Unknown;
        var words = Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant()
            .Split(['_', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        bool isFixed = words.Contains("fixed"), isMobile = words.Contains("mobile");
        return isFixed == isMobile ? Network.Unknown : isFixed ? Network.Fixed : Network.Mobile;
    }
}
