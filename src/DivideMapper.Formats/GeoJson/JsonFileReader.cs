using System.Text;
using System.Text.Json;
using DivideMapper.Formats.Shapefiles;

namespace DivideMapper.Formats.GeoJson;

/// <summary>
/// System.Text.Json's <see cref="Utf8JsonReader"/> over a file read in chunks, so a GeoJSON file of any size is read
/// with a buffer the size of its largest feature instead of the whole file (JsonDocument.Parse of a 300k-point file
/// held ~700 MB). Utf8JsonReader is a ref struct that reads one span; this class keeps its state between spans, as
/// the "read from a stream" pattern in the System.Text.Json docs does, and grows the buffer when one token or value
/// does not fit. Optionally checks that every byte is UTF-8 text without NUL bytes while reading.
/// </summary>
internal sealed class JsonFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly Decoder? _utf8Check;
    private readonly char[] _chars;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _final;
    private bool _bomChecked;
    private JsonReaderState _state;
    private readonly JsonReaderOptions _options;

    // The last token read: where its value sits in the buffer (valid until the next call).
    private int _valueStart;
    private int _valueLength;
    private bool _valueEscaped;

    public JsonFileReader(string path, JsonReaderOptions options, bool checkText)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        _state = new JsonReaderState(options);
        _options = options;
        _utf8Check = checkText ? TextEncodings.Utf8Strict.GetDecoder() : null;
        _chars = checkText ? new char[_buffer.Length + 4] : [];
    }

    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;

    /// <summary>Nesting depth of the last token, as <see cref="Utf8JsonReader.CurrentDepth"/> counts it (root = 0).</summary>
    public int Depth { get; private set; }

    /// <summary>Bytes of the file consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>Reads the next token; false at the end of the file. Throws <see cref="JsonException"/> (with a line) for bad JSON.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                TokenType = reader.TokenType;
                Depth = reader.CurrentDepth;
                if (TokenType is JsonTokenType.PropertyName or JsonTokenType.String)
                {
                    _buffer.AsSpan().Overlaps(reader.ValueSpan, out _valueStart);
                    _valueLength = reader.ValueSpan.Length;
                    _valueEscaped = reader.ValueIsEscaped;
                }
                Commit(ref reader);
                return true;
            }
            Commit(ref reader);
            if (_final) return false;
            Fill();
        }
    }

    /// <summary>The next value (an array element, or the value after a property name) as a document; null at the array's end.</summary>
    public JsonDocument? ReadValue() =>
        ReadRawValue() is { } raw ? JsonDocument.Parse(raw.ToArray(), DocumentOptionsOf(_options)) : null; // a copy: the buffer moves on

    /// <summary>The same rules for a document of one value as for the reader.</summary>
    public static JsonDocumentOptions DocumentOptionsOf(JsonReaderOptions options) => new()
    {
        AllowTrailingCommas = options.AllowTrailingCommas,
        CommentHandling = options.CommentHandling,
        MaxDepth = options.MaxDepth,
    };

    /// <summary>
    /// The bytes of the next value (an array element, or the value after a property name) once all of it is in the
    /// buffer, for a reader of its own; null at the array's end. Valid until the next call: the buffer moves when it is
    /// filled again.
    /// </summary>
    public ReadOnlyMemory<byte>? ReadRawValue()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
                {
                    TokenType = reader.TokenType;
                    Depth = reader.CurrentDepth;
                    Commit(ref reader);
                    return null;
                }
                var begin = _start + (int)reader.TokenStartIndex;
                // False only when the value does not end within the buffer: read more and skip it again from its start.
                if (reader.TrySkip())
                {
                    var value = _buffer.AsMemory(begin, _start + (int)reader.BytesConsumed - begin);
                    TokenType = JsonTokenType.None;
                    Commit(ref reader);
                    return value;
                }
            }
            if (_final) throw new JsonException("The JSON ends in the middle of a value.");
            Fill();
        }
    }

    /// <summary>Skips the value after a property name (an object or array with everything in it).</summary>
    public void SkipValue()
    {
        if (!Read()) return;
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        var depth = Depth;
        while (Read() && !(Depth == depth && TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray))
        {
        }
    }

    /// <summary>Whether the last string or property name is <paramref name="utf8"/>.</summary>
    public bool ValueIs(ReadOnlySpan<byte> utf8) =>
        _valueEscaped ? GetString() == Encoding.UTF8.GetString(utf8) : _buffer.AsSpan(_valueStart, _valueLength).SequenceEqual(utf8);

    /// <summary>The last string or property name, unescaped.</summary>
    public string GetString()
    {
        var raw = _buffer.AsSpan(_valueStart, _valueLength);
        if (!_valueEscaped) return Encoding.UTF8.GetString(raw);
        var reader = new Utf8JsonReader([(byte)'"', .. raw, (byte)'"']);
        reader.Read();
        return reader.GetString() ?? "";
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _state = reader.CurrentState;
        _start += (int)reader.BytesConsumed;
        Position += reader.BytesConsumed;
    }

    /// <summary>Keeps the unread bytes, doubles the buffer when they fill it, and reads more of the file.</summary>
    private void Fill()
    {
        var left = _end - _start;
        if (left == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        else if (_start > 0) _buffer.AsSpan(_start, left).CopyTo(_buffer);
        _start = 0;
        _end = left;
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (!_bomChecked && _end + read >= 3)
        {
            _bomChecked = true;
            if (_buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8) && Position == 0) _start = 3;
        }
        if (read > 0 && _utf8Check is not null) CheckText(_buffer.AsSpan(_end, read));
        _end += read;
        if (read == 0)
        {
            _final = true;
            if (_utf8Check is not null) CheckText([], flush: true);
        }
    }

    private void CheckText(ReadOnlySpan<byte> bytes, bool flush = false)
    {
        if (bytes.IndexOf((byte)0) >= 0) throw new NotTextException(binary: true);
        // Chunk by chunk (a character may span two reads); the decoder throws on invalid UTF-8.
        for (var offset = 0; offset < bytes.Length || (flush && offset == 0); offset += _chars.Length - 4)
        {
            var part = bytes.Slice(offset, Math.Min(_chars.Length - 4, bytes.Length - offset));
            try
            {
                _utf8Check!.GetChars(part, _chars, flush);
            }
            catch (DecoderFallbackException)
            {
                throw new NotTextException(binary: false);
            }
            if (part.Length == 0) break;
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>The file holds NUL bytes (binary data) or is not UTF-8.</summary>
internal sealed class NotTextException(bool binary) : Exception(binary ? "binary data" : "not UTF-8")
{
    public bool Binary { get; } = binary;
}
