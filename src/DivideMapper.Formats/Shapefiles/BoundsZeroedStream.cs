namespace DivideMapper.Formats.Shapefiles;

/// <summary>
/// A .shp file read as it is except for its header's bounding box (bytes 36–99), which reads as zeros.
/// NetTopologySuite refuses a whole file whose box is NaN, though the box is informative only; this hands the library
/// the file without copying it into memory (the shapes are still checked one by one).
/// </summary>
internal sealed class BoundsZeroedStream(Stream inner) : Stream
{
    private const long BoxStart = 36, BoxEnd = 100;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var start = inner.Position;
        var n = inner.Read(buffer);
        var from = Math.Max(start, BoxStart);
        var to = Math.Min(start + n, BoxEnd);
        if (from < to) buffer.Slice((int)(from - start), (int)(to - from)).Clear();
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
