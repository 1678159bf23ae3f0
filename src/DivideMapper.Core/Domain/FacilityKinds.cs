namespace DivideMapper.Core.Domain;

/// <summary>
/// A small vocabulary of facility kinds with the synonyms found in municipal and OSM-style data, in the languages of
/// the places DivideMapper is used first (English, Swahili, French, Spanish, Portuguese): "Primary School", "shule ya
/// msingi" and "école primaire" are all <c>school</c>. Used by the school KPI (DESIGN §5.7).
/// </summary>
public static class FacilityKinds
{
    public const string School = "school";
    public const string Clinic = "clinic";
    public const string Hospital = "hospital";
    public const string Library = "library";
    public const string CommunityCentre = "community_centre";
    public const string Other = "other";

    /// <summary>The kinds in the vocabulary.</summary>
    public static IReadOnlyList<string> All { get; } = [School, Clinic, Hospital, Library, CommunityCentre, Other];

    // Whole words (after lower-casing and removing accents) that decide a kind; the first kind with a matching word wins,
    // so "hospital school" is a school and "health centre" a clinic.
    private static readonly (string Kind, string[] Words)[] Vocabulary =
    [
        (School, ["school", "schools", "primary", "secondary", "kindergarten", "nursery", "academy", "college", "university",
            "shule", "chuo", "ecole", "lycee", "college", "escuela", "colegio", "escola", "education", "educational"]),
        (Hospital, ["hospital", "hospitali", "hopital", "hospitalier"]),
        (Clinic, ["clinic", "clinique", "clinica", "dispensary", "dispensaire", "zahanati", "health", "afya", "sante", "salud",
            "saude", "healthcare", "maternity"]),
        (Library, ["library", "maktaba", "bibliotheque", "biblioteca"]),
        (CommunityCentre, ["community", "jamii", "communautaire", "comunitario", "hall"]),
    ];

    /// <summary>The vocabulary kind of a free-text kind (case, accents and word order ignored); <c>other</c> when none matches.</summary>
    public static string Normalize(string? kind)
    {
        if (string.IsNullOrWhiteSpace(kind)) return Other;
        var words = Fold(kind).Split([' ', '_', '-', '/', ',', '.', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var (k, vocabulary) in Vocabulary)
            if (words.Any(w => vocabulary.Contains(w, StringComparer.Ordinal) || w == k)) return k;
        return Other;
    }

    // Accents folded by a table, not Unicode decomposition: the app runs with invariant globalization, where
    // string.Normalize does not decompose.
    private static readonly (string From, char To)[] Accents =
    [
        ("áàâäãå", 'a'), ("éèêë", 'e'), ("íìîï", 'i'), ("óòôöõ", 'o'), ("úùûü", 'u'), ("ç", 'c'), ("ñ", 'n'),
    ];

    private static string Fold(string text)
    {
        var chars = text.Trim().ToLowerInvariant().ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            foreach (var (from, to) in Accents)
                if (from.Contains(chars[i])) chars[i] = to;
        return new string(chars);
    }
}
