using System.Buffers.Binary;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace DivideMapper.Data.Storage;

/// <summary>
/// Writes PostgreSQL's binary COPY format (header, rows of length-prefixed big-endian fields, trailer) into one
/// reusable buffer and hands it to Npgsql's raw COPY stream a chunk at a time. Compared with
/// <see cref="NpgsqlBinaryImporter"/> it has no per-field type resolution and no async call per field, and
/// geometries go out as EWKB bytes written here (a point is 25 bytes), not through the NTS type handler.
/// The server parses exactly what it parses from <see cref="NpgsqlBinaryImporter"/>: <c>int8send</c>-style
/// integers, IEEE doubles, UTF-8 text, jsonb version 1 and EWKB for <c>geometry_recv</c>.
/// </summary>
internal sealed class BinaryCopyWriter : DivideMapper.Formats.Roles.IColumnWriter
{
    private const int FlushAt = 60 * 1024;
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private const uint EwkbSridFlag = 0x20000000;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly WKBWriter _wkb = new(ByteOrder.LittleEndian, handleSRID: true, emitZ: false, emitM: false);
    private byte[] _buffer = new byte[FlushAt + 4096];
    private int _length;

    private BinaryCopyWriter(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        Header.CopyTo(_buffer, 0);
        _length = Header.Length;
    }

    /// <summary>
    /// Starts <c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c>; the column list is ours, never input. The COPY has
    /// no timeout (cancellation still ends it): its reads and writes would otherwise carry the connection's command
    /// timeout (30 s by default), and a COPY's length grows with the file. The end is the long wait: the server checks
    /// every row's foreign key when the statement ends, which for 2M rows took more than 30 s under load and failed the
    /// import with "Exception while reading from stream" (issue #13). libpq (psql, ogr2ogr) has no such timeout either.
    /// </summary>
    public static async Task<BinaryCopyWriter> BeginAsync(NpgsqlConnection connection, string tableAndColumns, CancellationToken ct)
    {
        var stream = await connection.BeginRawBinaryCopyAsync($"COPY {tableAndColumns} FROM STDIN (FORMAT BINARY)", ct);
        stream.ReadTimeout = 0; // 0 is infinite, as for CommandTimeout; the next command on the connection sets its own
        stream.WriteTimeout = 0;
        return new BinaryCopyWriter(stream);
    }

    public void StartRow(short fieldCount)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), fieldCount);
        _length += 2;
    }

    /// <summary>Sends what is buffered once a chunk is full; call between rows.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken ct) => _length >= FlushAt ? FlushAsync(ct) : ValueTask.CompletedTask;

    public void WriteNull()
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
        _length += 4;
    }

    public void Write(long value)
    {
        var span = Field(8);
        BinaryPrimitives.WriteInt64BigEndian(span, value);
    }

    public void Write(int value)
    {
        var span = Field(4);
        BinaryPrimitives.WriteInt32BigEndian(span, value);
    }

    public void Write(double value)
    {
        var span = Field(8);
        BinaryPrimitives.WriteDoubleBigEndian(span, value);
    }

    public void Write(double? value)
    {
        if (value is { } v) Write(v);
        else WriteNull();
    }

    public void Write(bool? value)
    {
        if (value is { } v) Field(1)[0] = v ? (byte)1 : (byte)0;
        else WriteNull();
    }

    public void WriteText(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }
        // PostgreSQL text cannot hold NUL (the COPY would fail as a whole with 22021): a NUL from a file becomes U+FFFD,
        // the replacement character, as any undecodable byte already does.
        if (value.Contains('\0')) value = value.Replace('\0', '\uFFFD');
        Ensure(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), n);
        _length += 4 + n;
    }

    /// <summary>jsonb's binary form: a version byte (1) and the JSON text.</summary>
    public void WriteJsonb(string? json)
    {
        if (json is null)
        {
            WriteNull();
            return;
        }
        // jsonb refuses the escape \u0000 (22P05); see WriteText.
        if (json.Contains("\\u0000", StringComparison.Ordinal)) json = json.Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal);
        Ensure(5 + Encoding.UTF8.GetMaxByteCount(json.Length));
        _buffer[_length + 4] = 1;
        var n = Encoding.UTF8.GetBytes(json, _buffer.AsSpan(_length + 5));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), n + 1);
        _length += 5 + n;
    }

    /// <summary>The geometry as little-endian EWKB with <paramref name="srid"/>, the form <c>geometry_recv</c> reads.</summary>
    /// <summary>A geometry in the storage CRS (EPSG:4326).</summary>
    public void WriteGeometry(Geometry geometry) => WriteGeometry(geometry, DivideMapperDbContext.StorageSrid);

    public void WriteGeometry(Geometry geometry, int srid)
    {
        if (geometry is Point { IsEmpty: false } p)
        {
            var span = Field(25);
            span[0] = 1; // little-endian
            BinaryPrimitives.WriteUInt32LittleEndian(span[1..], 1 | EwkbSridFlag);
            BinaryPrimitives.WriteInt32LittleEndian(span[5..], srid);
            BinaryPrimitives.WriteDoubleLittleEndian(span[9..], p.X);
            BinaryPrimitives.WriteDoubleLittleEndian(span[17..], p.Y);
            return;
        }
        if (geometry.SRID != srid) geometry.SRID = srid;
        var bytes = _wkb.Write(geometry);
        bytes.CopyTo(Field(bytes.Length));
    }

    /// <summary>Writes the trailer, sends the rest and ends the COPY; the server's error, if any, is thrown here.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
        _length += 2;
        await FlushAsync(ct);
        await _stream.DisposeAsync();
    }

    /// <summary>Abandons the COPY (nothing of it is kept); the connection stays usable for the rollback.</summary>
    public async Task CancelAsync()
    {
        try
        {
            await _stream.CancelAsync();
        }
        catch (PostgresException)
        {
            // The server answers a cancelled COPY with an error; that is the expected outcome.
        }
        await _stream.DisposeAsync();
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _length), ct);
        _length = 0;
    }

    /// <summary>Writes the length prefix of a field of <paramref name="size"/> bytes and returns its data span.</summary>
    private Span<byte> Field(int size)
    {
        Ensure(4 + size);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), size);
        var span = _buffer.AsSpan(_length + 4, size);
        _length += 4 + size;
        return span;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
    }
}
