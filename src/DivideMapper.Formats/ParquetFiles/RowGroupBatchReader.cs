using System.Buffers;
using System.Text;
using DivideMapper.Core.Geo;
using DivideMapper.Formats.Csv;
using DivideMapper.Formats.Import;
using ParquetSharp;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>
/// The planned columns of one row group, read in lockstep, <see cref="BatchRows"/> rows at a time: memory is one batch
/// of values and the page each column is in, however large the row group (a world-wide Ookla file may have 1M-row
/// groups). With a project area and a quadkey column (Ookla's files) only what is needed is converted: a batch's
/// quadkeys first, tested as raw bytes; a batch without a kept row is passed over in the other columns, and otherwise
/// only the kept rows' values become strings, arrays or boxed numbers. (ParquetSharp still decompresses every page.)
/// </summary>
internal sealed class RowGroupBatchReader : IDisposable
{
    /// <summary>
    /// 32k rows: per column ≈ 0.5 MB of value handles (a text column's) or of typed values, and at most 32k strings or
    /// boxed values, small beside the pages being decoded (1 MiB each from pyarrow, before decompression). Other sizes
    /// were not measured.
    /// </summary>
    public const int BatchRows = 32_768;

    private readonly ParquetPlan _plan;
    private readonly ClipBox? _clip;
    private readonly List<ColumnBatchReader> _columns = [];
    private readonly ColumnBatchReader[] _attributes;
    private readonly ColumnBatchReader? _geometry;

    /// <summary>The batch's attribute values, per planned attribute column (null for rows not kept).</summary>
    public object?[][] Attributes { get; }

    /// <summary>The batch's WKT strings or WKB arrays (null for rows not kept or without a value).</summary>
    public object?[] Geometry { get; } = new object?[BatchRows];

    /// <summary>Which rows of the batch touch the project area (null: all rows were read).</summary>
    public bool[]? Keep { get; }

    public int Kept { get; private set; }

    public RowGroupBatchReader(RowGroupReader group, ParquetPlan plan, ClipBox? clip)
    {
        (_plan, _clip) = (plan, plan.QuadkeyIndex >= 0 ? clip : null);
        try
        {
            _attributes = plan.Attributes.Select(c => Opened(ColumnBatchReader.Open(group, c, BatchRows))).ToArray();
            if (plan.GeometryField is { } geometry)
                _geometry = Opened(new ByteArrayBatchReader(group, geometry, plan.Geometry == GeometrySource.Wkt ? ByteArrayBatchReader.Utf8 : ByteArrayBatchReader.Bytes));
        }
        catch
        {
            Dispose();
            throw;
        }
        Attributes = _attributes.Select(_ => new object?[BatchRows]).ToArray();
        if (_clip is not null) Keep = new bool[BatchRows];
    }

    private ColumnBatchReader Opened(ColumnBatchReader column)
    {
        _columns.Add(column);
        return column;
    }

    /// <summary>Reads the next <paramref name="rows"/> (≤ <see cref="BatchRows"/>) rows; <see cref="Kept"/> says how many are kept.</summary>
    public void Read(int rows)
    {
        Kept = rows;
        if (_clip is not null)
        {
            Kept = KeepRows((ByteArrayBatchReader)_attributes[_plan.QuadkeyIndex], rows, _clip, Keep!, Attributes[_plan.QuadkeyIndex]);
            if (Kept == 0)
            {
                foreach (var column in _columns.Where(c => c != _attributes[_plan.QuadkeyIndex])) column.Skip(rows);
                return;
            }
        }
        for (var a = 0; a < _attributes.Length; a++)
            if (_clip is null || a != _plan.QuadkeyIndex) _attributes[a].Read(rows, Keep, Attributes[a]);
        _geometry?.Read(rows, Keep, Geometry);
    }

    /// <summary>Row <paramref name="row"/>'s value of a lon or lat column as a number (NaN when it is not one).</summary>
    public double? Number(int attribute, int row) => Attributes[attribute][row] switch
    {
        null => null,
        long l => l,
        double d => d,
        string s => CsvFeatureReader.Number(s, ",") ?? double.NaN,
        _ => double.NaN,
    };

    /// <summary>Tests each quadkey's tile against the box; the kept rows' quadkeys become strings. Returns how many are kept.</summary>
    private static int KeepRows(ByteArrayBatchReader quadkeys, int rows, ClipBox clip, bool[] keep, object?[] values)
    {
        var kept = 0;
        quadkeys.ForEach(rows, (row, bytes, isNull) =>
        {
            // A missing or malformed quadkey is kept: validation names it, or the geometry decides.
            keep[row] = !TryParse(bytes, out var tile) || clip.Intersects(Quadkey.TileEnvelope(tile.X, tile.Y, tile.Zoom));
            values[row] = keep[row] && !isNull ? System.Text.Encoding.UTF8.GetString(bytes) : null;
            if (keep[row]) kept++;
        });
        return kept;
    }

    private static bool TryParse(ReadOnlySpan<byte> bytes, out (int X, int Y, int Zoom) tile)
    {
        tile = default;
        Span<char> chars = stackalloc char[32];
        return bytes.Length <= chars.Length && Ascii.ToUtf16(bytes, chars, out var n) == OperationStatus.Done && Quadkey.TryParse(chars[..n], out tile);
    }

    public void Dispose()
    {
        foreach (var column in _columns) column.Dispose();
    }
}
