using ParquetSharp;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>Row <paramref name="row"/> of a batch: its bytes, valid only during the call (empty when the row has no value).</summary>
internal delegate void RowBytes(int row, ReadOnlySpan<byte> bytes, bool isNull);

/// <summary>
/// A BYTE_ARRAY column (text or WKB) read raw: ParquetSharp hands each value as a pointer into the page it decoded,
/// so a row's bytes become a string or an array only when the row is kept, and a quadkey is tested in place. Those
/// pointers last until the next page is read, hence until the next ReadBatch: each call's values are used at once.
/// </summary>
internal sealed class ByteArrayBatchReader : ColumnBatchReader
{
    public static readonly Func<ReadOnlySpan<byte>, object> Utf8 = bytes => System.Text.Encoding.UTF8.GetString(bytes);
    public static readonly Func<ReadOnlySpan<byte>, object> Base64 = bytes => Convert.ToBase64String(bytes);
    public static readonly Func<ReadOnlySpan<byte>, object> Bytes = bytes => bytes.ToArray();

    private readonly ColumnReader<ByteArray> _reader;
    private readonly ParquetColumn _column;
    private readonly Func<ReadOnlySpan<byte>, object> _convert;
    private short[] _levels = [];
    private ByteArray[] _values = [];

    public ByteArrayBatchReader(RowGroupReader group, ParquetColumn column, Func<ReadOnlySpan<byte>, object> convert)
    {
        var reader = group.Column(column.Index);
        if (reader is not ColumnReader<ByteArray> bytes)
        {
            reader.Dispose();
            throw new InvalidDataException($"the column {column.Name} is not a BYTE_ARRAY column");
        }
        (_reader, _column, _convert) = (bytes, column, convert);
    }

    protected override string Name => _column.Name;

    protected override void ReadValues(int rows, bool[]? keep, object?[] values) => ForEach(rows, (row, bytes, isNull) =>
        values[row] = isNull || (keep is not null && !keep[row]) ? null : _convert(bytes));

    /// <summary>Calls <paramref name="visit"/> for each of the next <paramref name="rows"/> rows, in order.</summary>
    public void ForEach(int rows, RowBytes visit)
    {
        CatchUp();
        if (_levels.Length < rows) (_levels, _values) = (new short[rows], new ByteArray[rows]);
        for (var row = 0; row < rows;)
        {
            // One call stops at the end of a page; the values come packed, a definition level below the maximum marking a null.
            var levels = _reader.ReadBatch(rows - row, _levels, default, _values, out var present);
            if (levels <= 0) throw Damaged("ends before its row group's rows do");
            var v = 0;
            for (var l = 0; l < levels; l++, row++)
            {
                if (_column.MaxDefinitionLevel > 0 && _levels[l] < _column.MaxDefinitionLevel) visit(row, default, true);
                else if (v < present) visit(row, Span(_values[v++]), false);
                else throw Damaged("has fewer values than its definition levels say");
            }
        }
    }

    protected override long SkipRows(long rows) => _reader.Skip(rows);

    public override void Dispose() => _reader.Dispose();

    private static unsafe ReadOnlySpan<byte> Span(ByteArray value) =>
        value.Length == 0 ? default : new ReadOnlySpan<byte>((void*)value.Pointer, value.Length);
}
