namespace DivideMapper.Formats.Import;

/// <summary>
/// Collects problems with plain-language messages that name the file and feature. Counts every problem and the
/// features they touch, but lists at most <c>maxListed</c>.
/// </summary>
internal sealed class ProblemList(string fileName, int maxListed)
{
    private readonly List<ImportProblem> _listed = [];
    private readonly HashSet<int> _badFeatures = [];
    private readonly List<ImportRepair> _repairs = [];

    public string FileName { get; } = fileName;

    /// <summary>What a numbered item is called in messages: "feature", or "row" for delimited text (data rows, header not counted).</summary>
    public string Noun { get; set; } = "feature";
    public IReadOnlyList<ImportProblem> Listed => _listed;
    public int NotListed { get; private set; }
    public int FileLevelCount { get; private set; }
    public int BadFeatureCount => _badFeatures.Count;

    public IReadOnlyList<ImportRepair> Repairs => _repairs;
    public bool HasFileProblems => FileLevelCount > 0;
    public bool IsBad(int feature) => _badFeatures.Contains(feature);

    /// <summary>Adds a problem about the whole file.</summary>
    public void File(string code, string reason) => Add(null, null, null, code, reason, null);

    /// <summary>Adds a problem about one feature. <paramref name="reason"/> is the sentence after "feature N:".</summary>
    public void Feature(int feature, string? id, string code, string reason, string? field = null, ProblemLocation? location = null) =>
        Add(feature, id, field, code, reason, location);

    /// <summary>Records a fix made under Repair: <paramref name="code"/> is the problem that was fixed.</summary>
    public void Repaired(int feature, string? id, string code, string what)
    {
        if (_repairs.Count < maxListed) _repairs.Add(new ImportRepair(feature, id, code, Describe(feature, id) + what));
    }

    private void Add(int? feature, string? id, string? field, string code, string reason, ProblemLocation? location)
    {
        if (feature is null) FileLevelCount++;
        else _badFeatures.Add(feature.Value);
        if (_listed.Count >= maxListed)
        {
            NotListed++;
            return;
        }
        _listed.Add(new ImportProblem(feature, id, field, code, Describe(feature, id) + reason, location));
    }

    /// <summary>
    /// Adds what <paramref name="later"/> collected (validation that ran while the file was read) after this list's
    /// own problems, as if they had been added here in that order: counts stay exact, the listing stays capped.
    /// </summary>
    public void Append(ProblemList later)
    {
        FileLevelCount += later.FileLevelCount;
        _badFeatures.UnionWith(later._badFeatures);
        foreach (var problem in later._listed)
        {
            if (_listed.Count < maxListed) _listed.Add(problem);
            else NotListed++;
        }
        NotListed += later.NotListed;
        foreach (var repair in later._repairs)
            if (_repairs.Count < maxListed) _repairs.Add(repair);
    }

    public string Describe(int? feature, string? id)
    {
        if (feature is null) return $"{FileName}: ";
        return id is null ? $"{FileName}, {Noun} {feature}: " : $"{FileName}, {Noun} {feature} (id \"{id}\"): ";
    }
}
