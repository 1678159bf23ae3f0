using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace DivideMapper.Formats.Shapefiles;

/// <summary>
/// A dBASE III table read by us, not by NetTopologySuite.IO.Esri: its reader recurses once per deleted record
/// and overflows the stack on a file with very many of them (a process crash no catch can stop). Reading the
/// header and records ourselves also lets us check the record count and the text encoding byte by byte.
/// </summary>
internal sealed class DbfTable
{
    private readonly byte[] _bytes;
    private readonly int _headerSize;

    private DbfTable(byte[] bytes, int headerSize, int recordSize, int recordCount, byte languageDriver, IReadOnlyList<DbfField> fields)
    {
        _bytes = bytes;
        _headerSize = headerSize;
        RecordSize = recordSize;
        RecordCount = recordCount;
        LanguageDriver = languageDriver;
        Fields = fields;
    }

    public int RecordCount { get; }
    public int RecordSize { get; }
    public byte LanguageDriver { get; }
    public IReadOnlyList<DbfField> Fields { get; private set; }
    public Encoding Encoding { get; private set; } = Encoding.UTF8;

    /// <summary>Opens a table; returns null with the reason when the header is not a dBASE table or the file is cut short.</summary>
    public static DbfTable? Open(string path, out string? error)
    {
        var bytes = File.ReadAllBytes(path);
        error = null;
        if (bytes.Length < 33) { error = $"the .dbf file has only {bytes.Length} bytes, fewer than a dBASE header"; return null; }
        var version = bytes[0];
        if ((version & 0x07) is not (3 or 4 or 5) && version is not (0x30 or 0x31 or 0x32))
        {
            error = $"the .dbf file does not start like a dBASE table (version byte 0x{version:X2})";
            return null;
        }
        var recordCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        int recordSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10));
        if (headerSize < 33 || headerSize > bytes.Length || (recordSize < 1 && recordCount > 0))
        {
            error = $"the .dbf header is damaged (header size {headerSize}, record size {recordSize})";
            return null;
        }

        var fields = new List<DbfField>();
        var offset = 1; // after the deleted flag
        for (var pos = 32; pos + 32 <= headerSize && bytes[pos] != 0x0D; pos += 32)
        {
            var nameBytes = bytes.AsSpan(pos, 11);
            var nul = nameBytes.IndexOf((byte)0);
            var rawName = (nul >= 0 ? nameBytes[..nul] : nameBytes).ToArray();
            var name = Encoding.Latin1.GetString(rawName).Trim();
            var type = (char)bytes[pos + 11];
            int length = bytes[pos + 16];
            int decimals = bytes[pos + 17];
            if (type == 'C') length += decimals << 8; // Clipper/FoxPro long character fields
            fields.Add(new DbfField(name.Length == 0 ? $"field{fields.Count + 1}" : name, type, offset, length, decimals, rawName));
            offset += length;
        }
        if (offset > recordSize && (recordCount > 0 || fields.Count > 0))
        {
            error = $"the .dbf fields need {offset} bytes per record but the header says records have {recordSize}";
            return null;
        }
        var needed = headerSize + (long)recordCount * recordSize;
        if (needed > bytes.Length)
        {
            var held = (bytes.Length - headerSize) / recordSize;
            error = $"the .dbf file is truncated: its header announces {recordCount:N0} records but it holds only {held:N0}";
            return null;
        }
        return new DbfTable(bytes, headerSize, recordSize, (int)recordCount, bytes[29], fields);
    }

    /// <summary>Records flagged deleted ('*'): they are not features.</summary>
    public bool IsDeleted(int record) => _bytes[_headerSize + (long)record * RecordSize] == (byte)'*';

    public int CountDeleted()
    {
        var n = 0;
        for (var i = 0; i < RecordCount; i++) if (IsDeleted(i)) n++;
        return n;
    }

    /// <summary>True when every character field of every record is valid UTF-8 (plain ASCII included).</summary>
    public bool AllTextIsUtf8()
    {
        for (var i = 0; i < RecordCount; i++)
            foreach (var f in Fields)
                if (f.Type == 'C' && !Utf8.IsValid(Raw(i, f))) return false;
        return true;
    }

    /// <summary>True when some text is non-ASCII and all of it is valid UTF-8: likely UTF-8 despite another declaration.</summary>
    public bool LooksLikeUtf8() => AllTextIsUtf8() && Enumerable.Range(0, RecordCount).Any(i => Fields.Any(f => f.Type == 'C' && Raw(i, f).IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0));

    /// <summary>Decodes text, and field names, with <paramref name="encoding"/> from now on.</summary>
    public void UseEncoding(Encoding encoding)
    {
        Encoding = encoding;
        Fields = Fields.Select(f =>
        {
            if (f.RawName.Length == 0 || (TextEncodings.IsUtf8(encoding) && !Utf8.IsValid(f.RawName))) return f;
            var name = encoding.GetString(f.RawName).Trim();
            return name.Length == 0 ? f : f with { Name = name };
        }).ToArray();
    }

    /// <summary>
    /// Reads one record's values. Text that is not valid in a declared UTF-8 is named in <paramref name="badTextFields"/>.
    /// Numbers become long or double, logicals bool, dates "yyyy-MM-dd"; blanks are null.
    /// </summary>
    public Dictionary<string, object?> Read(int record, List<string> badTextFields)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in Fields)
        {
            var raw = Raw(record, f);
            values[f.Name] = f.Type switch
            {
                'C' or 'V' => Text(raw, f, badTextFields),
                'N' or 'F' => Number(raw, f),
                'L' => Logical(raw),
                'D' => Date(raw),
                'I' when raw.Length == 4 => (long)BinaryPrimitives.ReadInt32LittleEndian(raw),
                'B' when raw.Length == 8 => BinaryPrimitives.ReadDoubleLittleEndian(raw),
                'M' or 'G' or 'P' => null, // memo fields live in a .dbt we do not read
                _ => Trimmed(Encoding.Latin1.GetString(raw)),
            };
        }
        return values;
    }

    private ReadOnlySpan<byte> Raw(int record, DbfField f) =>
        _bytes.AsSpan((int)(_headerSize + (long)record * RecordSize + f.Offset), f.Length);

    private string? Text(ReadOnlySpan<byte> raw, DbfField f, List<string> badTextFields)
    {
        var end = raw.Length;
        while (end > 0 && raw[end - 1] is (byte)' ' or 0) end--;
        var start = 0;
        while (start < end && raw[start] == (byte)' ') start++;
        if (end == start) return null;
        var text = raw[start..end];
        if (TextEncodings.IsUtf8(Encoding) && !Utf8.IsValid(text))
        {
            badTextFields.Add(f.Name);
            return Encoding.UTF8.GetString(text);
        }
        return Encoding.GetString(text);
    }

    private static object? Number(ReadOnlySpan<byte> raw, DbfField f)
    {
        var s = Encoding.ASCII.GetString(raw).Trim().TrimEnd('\0');
        if (s.Length == 0 || s.All(c => c is '*' or '?' or '-' or '.')) return null;
        if (f.Decimals == 0 && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return s; // kept as text; a mapped column reports it as an invalid value
    }

    private static bool? Logical(ReadOnlySpan<byte> raw) => raw.Length == 0 ? null : (char)raw[0] switch
    {
        'T' or 't' or 'Y' or 'y' => true,
        'F' or 'f' or 'N' or 'n' => false,
        _ => null,
    };

    private static string? Date(ReadOnlySpan<byte> raw)
    {
        var s = Encoding.ASCII.GetString(raw).Trim();
        return DateOnly.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : s.Length == 0 || s.All(c => c == '0') ? null : s;
    }

    private static string? Trimmed(string s)
    {
        s = s.Trim().TrimEnd('\0');
        return s.Length == 0 ? null : s;
    }
}

internal sealed record DbfField(string Name, char Type, int Offset, int Length, int Decimals, byte[] RawName);
