namespace DivideMapper.Sample;

/// <summary>
/// A uniform bucket grid of items with a centre and a radius; enough for the generator's "anything within d?"
/// questions, and much lighter than a tree for hundreds of thousands of inserts.
/// </summary>
internal sealed class SpatialGrid<T>
{
    private readonly double _minX, _minY, _cell;
    private readonly int _cols, _rows;
    private readonly List<(double X, double Y, double R, T Item)>?[] _cells;

    public SpatialGrid(double minX, double minY, double maxX, double maxY, double cellSize)
    {
        _minX = minX;
        _minY = minY;
        _cell = cellSize;
        _cols = Math.Max(1, (int)Math.Ceiling((maxX - minX) / cellSize));
        _rows = Math.Max(1, (int)Math.Ceiling((maxY - minY) / cellSize));
        _cells = new List<(double, double, double, T)>?[_cols * _rows];
    }

    /// <summary>Largest radius inserted so far; queries widen their search by it.</summary>
    public double MaxRadius { get; private set; }

    public int Count { get; private set; }

    public void Add(double x, double y, double r, T item)
    {
        var i = Index(Col(x), Row(y));
        (_cells[i] ??= []).Add((x, y, r, item));
        MaxRadius = Math.Max(MaxRadius, r);
        Count++;
    }

    /// <summary>Items whose circle comes within <paramref name="distance"/> of (x, y) (edge to point).</summary>
    public IEnumerable<(double X, double Y, double R, T Item)> Near(double x, double y, double distance)
    {
        var reach = distance + MaxRadius;
        int c0 = Col(x - reach), c1 = Col(x + reach), r0 = Row(y - reach), r1 = Row(y + reach);
        for (var row = r0; row <= r1; row++)
        for (var col = c0; col <= c1; col++)
        {
            var list = _cells[Index(col, row)];
            if (list is null) continue;
            foreach (var e in list)
            {
                var dx = e.X - x;
                var dy = e.Y - y;
                var limit = distance + e.R;
                if (dx * dx + dy * dy <= limit * limit) yield return e;
            }
        }
    }

    public bool Any(double x, double y, double distance)
    {
        foreach (var _ in Near(x, y, distance)) return true;
        return false;
    }

    private int Col(double x) => Math.Clamp((int)Math.Floor((x - _minX) / _cell), 0, _cols - 1);
    private int Row(double y) => Math.Clamp((int)Math.Floor((y - _minY) / _cell), 0, _rows - 1);
    private int Index(int col, int row) => row * _cols + col;
}
