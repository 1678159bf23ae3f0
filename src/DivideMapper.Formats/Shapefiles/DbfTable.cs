using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.Shapefiles;

/// <summary>
/// A dBASE III table read by us, not by NetTopologySuite.IO.Esri: its reader recurses once per deleted record
/// and overflows the stack on a file with very many of them (a process crash no catch can stop). Reading the
/// header and records ourselves also lets us check the record count and the text encoding byte by byte.
/// Records are read from the file through a window of whole records (about 64 kB), never the whole file: a pass over
/// the table, or its records in order, costs one read per window, and memory is one window whatever the file's size.
/// </summary>
internal sealed class DbfTable : IDisposable
{
    private const int WindowBytes = 1 << 16;

    private readonly FileStream _file;
    private readonly int _headerSize;
    private readonly byte[] _window;
    private int _windowFirst;
    private int _windowCount;

    private DbfTable(FileStream file, int headerSize, int recordSize, int recordCount, byte languageDriver, IReadOnlyList<DbfField> fields)
    {
        _file = file;
        _headerSize = headerSize;
        RecordSize = recordSize;
        RecordCount = recordCount;
        LanguageDriver = languageDriver;
        Fields = fields;
        Schema = new AttributeSchema(fields.Select(f => f.Name).ToArray());
        _window = new byte[recordSize == 0 ? 0 : Math.Max(1, WindowBytes / recordSize) * recordSize];
    }

    public int RecordCount { get; }
    public int RecordSize { get; }
    public byte LanguageDriver { get; }
    public IReadOnlyList<DbfField> Fields { get; private set; }
    public Encoding Encoding { get; private set; } = Encoding.UTF8;

    /// <summary>The field names every record's attributes share (one value array per record, not a dictionary).</summary>
    public AttributeSchema Schema { get; private set; }

    /// <summary>Opens a table; returns null with the reason when the header is not a dBASE table or the file is cut short.</summary>
    public static DbfTable? Open(string path, out string? error)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var table = Open(file, out error);
        if (table is null) file.Dispose();
        return table;
    }

    private static DbfTable? Open(FileStream file, out string? error)
    {
        error = null;
        var length = file.Length;
        if (length < 33) { error = $"the .dbf file has only {length} bytes, fewer than a dBASE header"; return null; }
        var start = new byte[32];
        file.ReadExactly(start);
        var version = start[0];
        if ((version & 0x07) is not (3 or 4 or 5) && version is not (0x30 or 0x31 or 0x32))
        {
            error = $"the .dbf file does not start like a dBASE table (version byte 0x{version:X2})";
            return null;
        }
        var recordCount = BinaryPrimitives.ReadUInt32LittleEndian(start.AsSpan(4));
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(start.AsSpan(8));
        int recordSize = BinaryPrimitives.ReadUInt16LittleEndian(start.AsSpan(10));
        if (headerSize < 33 || headerSize > length || (recordSize < 1 && recordCount > 0))
        {
            error = $"the .dbf header is damaged (header size {headerSize}, record size {recordSize})";
            return null;
        }
        var header = new byte[headerSize];
        start.CopyTo(header, 0);
        file.ReadExactly(header, 32, headerSize - 32);

        var fields = new List<DbfField>();
        var offset = 1; // after the deleted flag
        for (var pos = 32; pos + 32 <= headerSize && header[pos] != 0x0D; pos += 32)
        {
            var nameBytes = header.AsSpan(pos, 11);
            var nul = nameBytes.IndexOf((byte)0);
            var rawName = (nul >= 0 ? nameBytes[..nul] : nameBytes).ToArray();
            var name = Encoding.Latin1.GetString(rawName).Trim();
            var type = (char)header[pos + 11];
            int fieldLength = header[pos + 16];
            int decimals = header[pos + 17];
            if (type == 'C') fieldLength += decimals << 8; // Clipper/FoxPro long character fields
            fields.Add(new DbfField(name.Length == 0 ? $"field{fields.Count + 1}" : name, type, offset, fieldLength, decimals, rawName));
            offset += fieldLength;
        }
        if (offset > recordSize && (recordCount > 0 || fields.Count > 0))
        {
            error = $"the .dbf fields need {offset} bytes per record but the header says records have {recordSize}";
            return null;
        }
        var needed = headerSize + (long)recordCount * recordSize;
        if (needed > length)
        {
            var held = (length - headerSize) / recordSize;
            error = $"the .dbf file is truncated: its header announces {recordCount:N0} records but it holds only {held:N0}";
            return null;
        }
        return new DbfTable(file, headerSize, recordSize, (int)recordCount, header[29], fields);
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Records flagged deleted ('*'): they are not features.</summary>
    public bool IsDeleted(int record) => Record(record)[0] == (byte)'*';

    /// <summary>One pass over the file, a window at a time.</summary>
    public int CountDeleted()
    {
        var n = 0;
        for (var i = 0; i < RecordCount; i++) if (IsDeleted(i)) n++;
        return n;
    }

    /// <summary>True when every character field of every record is valid UTF-8 (plain ASCII included); stops at the first that is not.</summary>
    public bool AllTextIsUtf8() => ScanText().AllUtf8;

    /// <summary>True when some text is non-ASCII and all of it is valid UTF-8: likely UTF-8 despite another declaration.</summary>
    public bool LooksLikeUtf8()
    {
        var (allUtf8, anyNonAscii) = ScanText();
        return allUtf8 && anyNonAscii;
    }

    /// <summary>One pass over the character fields of every record (deleted ones too), a window at a time.</summary>
    private (bool AllUtf8, bool AnyNonAscii) ScanText()
    {
        var anyNonAscii = false;
        for (var i = 0; i < RecordCount; i++)
        {
            var record = Record(i);
            foreach (var f in Fields)
            {
                if (f.Type != 'C') continue;
                var raw = record.Slice(f.Offset, f.Length);
                if (!Utf8.IsValid(raw)) return (false, anyNonAscii);
                anyNonAscii = anyNonAscii || raw.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0;
            }
        }
        return (true, anyNonAscii);
    }

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
        Schema = new AttributeSchema(Fields.Select(f => f.Name).ToArray());
    }

    /// <summary>
    /// Reads one record's values. Text that is not valid in a declared UTF-8 is named in <paramref name="badTextFields"/>.
    /// Numbers become long or double, logicals bool, dates "yyyy-MM-dd"; blanks are null.
    /// </summary>
    public FeatureAttributes Read(int record, List<string> badTextFields)
    {
        var values = new object?[Schema.Names.Count];
        var bytes = Record(record);
        for (var i = 0; i < Fields.Count; i++)
        {
            var f = Fields[i];
            var raw = bytes.Slice(f.Offset, f.Length);
            values[Schema.Slots[i]] = f.Type switch
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
        return new FeatureAttributes(Schema, values);
    }

    /// <summary>The bytes of one record, from the window that holds it (read from the file when it does not yet).</summary>
    private ReadOnlySpan<byte> Record(int record)
    {
        if (record < _windowFirst || record >= _windowFirst + _windowCount)
        {
            _windowFirst = record;
            _windowCount = Math.Min(_window.Length / RecordSize, RecordCount - record);
            _file.Position = _headerSize + (long)record * RecordSize;
            _file.ReadExactly(_window, 0, _windowCount * RecordSize);
        }
        return _window.AsSpan((record - _windowFirst) * RecordSize, RecordSize);
    }

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

    /// <summary>
    /// A numeric field, parsed from its bytes: no string per value on the common path (a 200k-record file has a million
    /// numeric cells). Blank or placeholder cells (<c>***</c>, <c>--</c>, non-ASCII bytes) are null; text that is no
    /// number is kept as text, so a mapped column reports it as an invalid value.
    /// </summary>
    private static object? Number(ReadOnlySpan<byte> raw, DbfField f)
    {
        var s = raw[Ascii.Trim(raw)].TrimEnd((byte)0);
        if (s.IsEmpty || IsPlaceholder(s)) return null;
        if (f.Decimals == 0 && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return Encoding.ASCII.GetString(s);
    }

    /// <summary>Only <c>* ? - .</c> (or bytes that are not ASCII, which read as '?'): an empty cell as some writers fill it.</summary>
    private static bool IsPlaceholder(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
            if (b is not ((byte)'*' or (byte)'?' or (byte)'-' or (byte)'.') && b < 0x80) return false;
        return true;
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
