using ParquetSharp;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>
/// One column of one row group, read batch after batch: the row group's columns advance in lockstep, so memory is one
/// batch of values (plus the page ParquetSharp is decoding), whatever the row group's size. A column whose values end
/// before its row group's rows do, or that cannot skip as many rows as asked, is damaged: that is an
/// <see cref="InvalidDataException"/>, as ParquetSharp's own findings are <see cref="ParquetException"/>s.
/// </summary>
internal abstract class ColumnBatchReader : IDisposable
{
    private long _skipped;

    /// <summary>Reads the next <paramref name="rows"/> rows: values[i] is row i's value when keep is null or keep[i], else null.</summary>
    public void Read(int rows, bool[]? keep, object?[] values)
    {
        CatchUp();
        ReadValues(rows, keep, values);
    }

    /// <summary>
    /// Passes over the next <paramref name="rows"/> rows. Lazily: the column catches up only when a later batch is read, so
    /// consecutive batches without a kept row are one skip, and a row group none of whose rows is kept is never read past
    /// its quadkeys.
    /// </summary>
    public void Skip(int rows) => _skipped += rows;

    protected void CatchUp()
    {
        if (_skipped == 0) return;
        if (SkipRows(_skipped) != _skipped) throw Damaged("ends before its row group's rows do");
        _skipped = 0;
    }

    protected abstract void ReadValues(int rows, bool[]? keep, object?[] values);

    /// <summary>Passes over <paramref name="rows"/> rows, returning how many there were.</summary>
    protected abstract long SkipRows(long rows);

    public abstract void Dispose();

    public static ColumnBatchReader Open(RowGroupReader group, ParquetColumn column, int batchRows) => column.Kind switch
    {
        ParquetValueKind.Text => new ByteArrayBatchReader(group, column, ByteArrayBatchReader.Utf8),
        ParquetValueKind.Binary => new ByteArrayBatchReader(group, column, ByteArrayBatchReader.Base64),
        _ => OpenTyped(group, column, batchRows),
    };

    private static ColumnBatchReader OpenTyped(RowGroupReader group, ParquetColumn column, int batchRows)
    {
        var source = group.Column(column.Index);
        try
        {
            return source.LogicalReader(batchRows).Apply(new TypedOpener(source));
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    protected abstract string Name { get; }

    protected InvalidDataException Damaged(string what) => new($"the column {Name} {what}");

    private sealed class TypedOpener(ColumnReader source) : ILogicalColumnReaderVisitor<ColumnBatchReader>
    {
        public ColumnBatchReader OnLogicalColumnReader<TValue>(LogicalColumnReader<TValue> reader) => new Typed<TValue>(source, reader);
    }

    /// <summary>Values as ParquetSharp's logical reader gives them (long?, DateTime …), converted by <see cref="ParquetValues"/> for the kept rows.</summary>
    private sealed class Typed<T>(ColumnReader source, LogicalColumnReader<T> reader) : ColumnBatchReader
    {
        private T[] _buffer = [];

        protected override string Name => source.ColumnDescriptor.Name;

        protected override void ReadValues(int rows, bool[]? keep, object?[] values)
        {
            if (_buffer.Length < rows) _buffer = new T[rows];
            for (var read = 0; read < rows;)
            {
                var n = reader.ReadBatch(_buffer.AsSpan(read, rows - read));
                if (n <= 0) throw Damaged("ends before its row group's rows do");
                read += n;
            }
            for (var i = 0; i < rows; i++) values[i] = keep is null || keep[i] ? ParquetValues.Convert(_buffer[i]) : null;
        }

        protected override long SkipRows(long rows) => reader.Skip(rows);

        public override void Dispose() => reader.Dispose(); // and its source, the column reader
    }
}
