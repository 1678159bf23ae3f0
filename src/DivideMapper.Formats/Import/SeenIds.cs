namespace DivideMapper.Formats.Import;

/// <summary>
/// The ids a file has used so far and the feature that first used each, for the duplicate-id check (exact: no hashes
/// that could collide). A duplicate can come last, so every id must be remembered; this keeps that compact for the ids
/// large files carry:
/// <list type="bullet">
/// <item>An id of 1–17 ASCII digits (row numbers, OBJECTID/FID, cell numbers, Ookla z16 quadkeys) is a 64-bit key: its
/// digit count in the high bits and its value in the low 57 (10^17 &lt; 2^57), so "007" and "7" stay apart.</item>
/// <item>Consecutive keys on consecutive features (id 1 on feature 1, 2 on 2 …, the usual numbering) are kept as runs,
/// one 24-byte record per run however long, in a list sorted by key: an export numbered 1…N costs a few runs, not N
/// entries (2M ids took ≈ 250 MB of peak RSS in a dictionary). Runs shorter than <see cref="MinRun"/> go to the
/// dictionary as single keys, so scattered ids cost what they did before (28 bytes a key).</item>
/// <item>Other ids (UUIDs, names, longer numbers) are kept as text.</item>
/// </list>
/// Hand-written because no .NET collection stores integer intervals; <c>SeenIdsTests</c> checks it against a plain set.
/// </summary>
internal sealed class SeenIds
{
    private const int MaxDigits = 17;
    internal const int MinRun = 8;

    private readonly Dictionary<long, int> _keys = new();
    private readonly List<Run> _runs = []; // disjoint, sorted by First
    private readonly Dictionary<string, int> _text = new(StringComparer.Ordinal);
    private Run _current; // the run being extended, when _hasCurrent
    private bool _hasCurrent;
    private long _inRuns;

    /// <summary>Keys First…Last, first used by features FirstFeature…FirstFeature + (Last − First).</summary>
    private readonly record struct Run(long First, long Last, int FirstFeature)
    {
        public long Count => Last - First + 1;
        public bool Holds(long key) => key >= First && key <= Last;
        public int FeatureOf(long key) => FirstFeature + (int)(key - First);
    }

    public long Count => _keys.Count + _text.Count + _inRuns + (_hasCurrent ? _current.Count : 0);

    /// <summary>How many runs are kept (for tests: 1…N in order is one run per digit count).</summary>
    internal int RunCount => _runs.Count + (_hasCurrent ? 1 : 0);

    /// <summary>Records <paramref name="id"/> for <paramref name="feature"/>; false, with the first feature, when it was seen before.</summary>
    public bool TryAdd(string id, int feature, out int first)
    {
        if (DigitsKey(id) is not { } key)
        {
            if (_text.TryAdd(id, feature)) { first = 0; return true; }
            first = _text[id];
            return false;
        }
        if (Find(key, out first)) return false;
        if (_hasCurrent && key == _current.Last + 1 && feature == _current.FeatureOf(key))
            _current = _current with { Last = key };
        else
        {
            Close();
            (_current, _hasCurrent) = (new Run(key, key, feature), true);
        }
        return true;
    }

    private bool Find(long key, out int first)
    {
        if (_hasCurrent && _current.Holds(key)) first = _current.FeatureOf(key);
        else if (_keys.TryGetValue(key, out first)) { }
        else if (RunBefore(key) is var i and >= 0 && _runs[i].Holds(key)) first = _runs[i].FeatureOf(key);
        else return false;
        return true;
    }

    /// <summary>The index of the last run starting at or before <paramref name="key"/>, or −1.</summary>
    private int RunBefore(long key)
    {
        int lo = 0, hi = _runs.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_runs[mid].First <= key) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    private void Close()
    {
        if (!_hasCurrent) return;
        if (_current.Count < MinRun)
            for (var k = _current.First; k <= _current.Last; k++) _keys[k] = _current.FeatureOf(k);
        else
        {
            // Ids that rise through the file append; others insert in key order (runs are disjoint: every key was new).
            _runs.Insert(RunBefore(_current.First) + 1, _current);
            _inRuns += _current.Count;
        }
        _hasCurrent = false;
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
