using System.Buffers.Binary;

namespace DivideMapper.Formats.Shapefiles;

/// <summary>
/// Walks the record framing of a .shp file before NetTopologySuite reads it: file code, lengths, every record
/// header and the part/point counts against the record length. A file that passes cannot make the library read
/// past its end or allocate for a billion points; one that fails is reported with the record at fault.
/// </summary>
internal static class ShpInspector
{
    public sealed record Result(int ShapeType, int RecordCount, string? Error, string? Warning);

    public static Result Inspect(string path)
    {
        using var stream = File.OpenRead(path);
        var length = stream.Length;
        if (length < 100) return Fail($"the .shp file has only {length} bytes, fewer than its 100-byte header");
        Span<byte> header = stackalloc byte[100];
        stream.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 9994) return Fail("the .shp file does not start with the shapefile code 9994; it is not a shapefile");
        var declared = BinaryPrimitives.ReadInt32BigEndian(header[24..]) * 2L;
        var shapeType = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
        if (!IsKnownType(shapeType) || shapeType == 31) return Fail($"the .shp file has shape type {shapeType}, which is not supported");
        string? warning = null;
        if (declared > length) return Fail($"the .shp file is truncated: its header says {declared:N0} bytes but it has {length:N0}");
        if (declared < length) warning = $"the .shp file has {length - declared:N0} bytes after the end its header declares; they were ignored.";
        if (declared < 100) return Fail("the .shp header declares a length shorter than the header itself");

        var end = declared;
        var position = 100L;
        var count = 0;
        Span<byte> recordHeader = stackalloc byte[8];
        var content = new byte[64];
        while (position < end)
        {
            if (position + 8 > end) return Fail($"the .shp file ends in the middle of record {count + 1}'s header");
            stream.Position = position;
            stream.ReadExactly(recordHeader);
            var contentLength = BinaryPrimitives.ReadInt32BigEndian(recordHeader[4..]) * 2L;
            if (contentLength < 4 || position + 8 + contentLength > end)
                return Fail($"record {count + 1} of the .shp file claims {contentLength:N0} bytes, beyond the end of the file (truncated or damaged)");
            var head = (int)Math.Min(contentLength, content.Length);
            stream.ReadExactly(content.AsSpan(0, head));
            var error = CheckRecord(content.AsSpan(0, head), contentLength, shapeType);
            if (error is not null) return Fail($"record {count + 1} of the .shp file is damaged: {error}");
            count++;
            position += 8 + contentLength;
        }
        return new Result(shapeType, count, null, warning);
    }

    private static string? CheckRecord(ReadOnlySpan<byte> c, long contentLength, int fileType)
    {
        var type = BinaryPrimitives.ReadInt32LittleEndian(c);
        if (type == 0) return null;
        if (type != fileType) return $"it has shape type {type} in a file of type {fileType}";
        switch (type)
        {
            case 1 or 11 or 21:
                return contentLength < 20 ? "a point record shorter than 20 bytes" : null;
            case 8 or 18 or 28:
                if (contentLength < 40) return "a multipoint record shorter than its header";
                var points = BinaryPrimitives.ReadInt32LittleEndian(c[36..]);
                return points < 0 || 40 + 16L * points > contentLength ? $"it claims {points:N0} points, more than its {contentLength:N0} bytes hold" : null;
            default: // 3, 5, 13, 15, 23, 25: polylines and polygons
                if (contentLength < 44) return "a polyline/polygon record shorter than its header";
                var parts = BinaryPrimitives.ReadInt32LittleEndian(c[36..]);
                var n = BinaryPrimitives.ReadInt32LittleEndian(c[40..]);
                if (parts < 0 || n < 0 || 44 + 4L * parts + 16L * n > contentLength)
                    return $"it claims {parts:N0} parts and {n:N0} points, more than its {contentLength:N0} bytes hold";
                if (parts > n) return $"it has more parts ({parts}) than points ({n})";
                return null;
        }
    }

    private static bool IsKnownType(int t) => t is 0 or 1 or 3 or 5 or 8 or 11 or 13 or 15 or 18 or 21 or 23 or 25 or 28 or 31;

    private static Result Fail(string error) => new(0, 0, error, null);
}
