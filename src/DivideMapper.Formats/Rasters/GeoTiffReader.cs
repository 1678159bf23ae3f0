using System.Buffers.Binary;
using DivideMapper.Core.Outcomes;
using BitMiracle.LibTiff.Classic;
using DivideMapper.Formats.Crs;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.Rasters;

/// <summary>
/// Reads band 1 of a GeoTIFF (WorldPop, HRSL, GHSL style) with BitMiracle.LibTiff.NET: striped or tiled, any
/// compression libtiff decodes (deflate, LZW, PackBits, with predictors), Byte/Int16/UInt16/Int32/UInt32/Float32/
/// Float64 samples. The grid comes from ModelTransformation or ModelTiepoint + ModelPixelScale (PixelIsPoint shifted
/// by half a cell, as GDAL does), the CRS from the EPSG code in the GeoKeys (through <see cref="CrsResolver"/>), nodata
/// from GDAL's tag 42113. Blocks are decoded one at a time into one reused buffer.
/// </summary>
internal sealed class GeoTiffReader : IRasterReader
{
    private const int GeoKeyModelType = 1024, GeoKeyRasterType = 1025, GeoKeyGeographicType = 2048, GeoKeyProjectedType = 3072;
    private const int UserDefined = 32767;

    private readonly Tiff _tiff;
    private readonly ClientStream _client;
    private readonly int _bytesPerSample, _samplesPerPixel;
    private readonly bool _contiguous;
    private readonly SampleFormat _format;
    private readonly long _maxBlockBytes;

    public RasterGrid Grid { get; private set; } = null!;

    private GeoTiffReader(Tiff tiff, ClientStream client, long maxBlockBytes)
    {
        _tiff = tiff;
        _client = client;
        _maxBlockBytes = maxBlockBytes;
        _bytesPerSample = Int(TiffTag.BITSPERSAMPLE, 1) / 8;
        _samplesPerPixel = Int(TiffTag.SAMPLESPERPIXEL, 1);
        _contiguous = Int(TiffTag.PLANARCONFIG, (int)PlanarConfig.CONTIG) == (int)PlanarConfig.CONTIG;
        _format = (SampleFormat)Int(TiffTag.SAMPLEFORMAT, (int)SampleFormat.UINT);
    }

    /// <summary>True when the file starts like a TIFF or BigTIFF (II*\0, MM\0*, II+\0, MM\0+).</summary>
    public static bool IsTiff(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[3] == 0 && head[2] is 42 or 43)
                             || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] is 42 or 43));

    /// <summary>Opens the file and reads its grid; <paramref name="srid"/> (the analyst's <c>--srid</c>) wins over the GeoKeys.</summary>
    /// <exception cref="RasterReadException">The file is not a readable single-band georeferenced TIFF.</exception>
    public static async Task<GeoTiffReader> OpenAsync(string path, int? srid, long maxBlockBytes, CancellationToken ct)
    {
        var client = new ClientStream(File.OpenRead(path));
        var tiff = Tiff.ClientOpen(Path.GetFileName(path), "rm", client, client);
        if (tiff is null)
        {
            client.Stream.Dispose();
            throw new RasterReadException(ErrorCodes.CorruptRaster, $"it is not a readable TIFF ({client.FirstError ?? "bad header or directory"}).");
        }
        var reader = new GeoTiffReader(tiff, client, maxBlockBytes);
        try
        {
            reader.Grid = await reader.ReadGridAsync(srid, ct);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private async Task<RasterGrid> ReadGridAsync(int? srid, CancellationToken ct)
    {
        int width = Int(TiffTag.IMAGEWIDTH, 0), height = Int(TiffTag.IMAGELENGTH, 0);
        if (width <= 0 || height <= 0) throw Corrupt("it has no image size");
        var sampleType = (_format, _bytesPerSample) switch
        {
            (SampleFormat.UINT, 1) => "Byte",
            (SampleFormat.UINT, 2) => "UInt16",
            (SampleFormat.INT, 2) => "Int16",
            (SampleFormat.UINT, 4) => "UInt32",
            (SampleFormat.INT, 4) => "Int32",
            (SampleFormat.IEEEFP, 4) => "Float32",
            (SampleFormat.IEEEFP, 8) => "Float64",
            _ => throw new RasterReadException(ErrorCodes.UnsupportedRaster,
                $"its cells are {Int(TiffTag.BITSPERSAMPLE, 0)}-bit {_format.ToString().ToLowerInvariant()} samples; population rasters must be Byte, Int16, UInt16, Int32, UInt32, Float32 or Float64."),
        };
        var tiled = _tiff.IsTiled();
        int blockWidth = tiled ? Int(TiffTag.TILEWIDTH, 0) : width;
        int blockHeight = tiled ? Int(TiffTag.TILELENGTH, 0) : Math.Min(height, Int(TiffTag.ROWSPERSTRIP, height));
        if (blockWidth <= 0 || blockHeight <= 0) throw Corrupt("its tile or strip size is missing");
        long blockBytes = (long)blockWidth * blockHeight * _bytesPerSample * (_contiguous ? _samplesPerPixel : 1);
        if (blockBytes > _maxBlockBytes)
            throw new RasterReadException(ErrorCodes.UnsupportedRaster,
                $"one {(tiled ? "tile" : "strip")} holds {blockBytes / 1048576.0:0.#} MB of cells, more than the {_maxBlockBytes / 1048576.0:0.#} MB read at once; " +
                "rewrite it tiled (gdal_translate -co TILED=YES -co COMPRESS=DEFLATE).");

        var keys = GeoKeys();
        var transform = Transform(keys.GetValueOrDefault(GeoKeyRasterType) == 2);
        SourceCrs? crs;
        string? declared;
        if (srid is { } given)
        {
            declared = $"EPSG:{given}";
            crs = await CrsResolver.FromEpsgAsync(given, ct);
        }
        else
        {
            var modelType = keys.GetValueOrDefault(GeoKeyModelType);
            var code = modelType == 1 ? keys.GetValueOrDefault(GeoKeyProjectedType) : keys.GetValueOrDefault(GeoKeyGeographicType);
            if (code is 0 or UserDefined) code = keys.GetValueOrDefault(GeoKeyProjectedType) is var p and not (0 or UserDefined) ? p : keys.GetValueOrDefault(GeoKeyGeographicType);
            declared = code is 0 or UserDefined ? null : $"EPSG:{code}";
            crs = declared is null ? null : await CrsResolver.FromEpsgAsync(code, ct);
        }
        return new RasterGrid(width, height, transform, crs, declared, NoData(), sampleType, tiled ? $"tiled {blockWidth}×{blockHeight}" : $"striped, {blockHeight} rows per strip",
            ((Compression)Int(TiffTag.COMPRESSION, 1)).ToString().ToLowerInvariant(), blockWidth, blockHeight);
    }

    public void ReadBlocks(Func<int, int, int, int, bool> wanted, Action<RasterBlock> visit, CancellationToken ct)
    {
        var g = Grid;
        var raw = new byte[_tiff.IsTiled() ? _tiff.TileSize() : _tiff.StripSize()];
        var values = new double[g.BlockWidth * g.BlockHeight];
        for (int row0 = 0; row0 < g.Height; row0 += g.BlockHeight)
        {
            ct.ThrowIfCancellationRequested();
            int rows = Math.Min(g.BlockHeight, g.Height - row0);
            for (int col0 = 0; col0 < g.Width; col0 += g.BlockWidth)
            {
                int cols = Math.Min(g.BlockWidth, g.Width - col0);
                if (!wanted(col0, row0, cols, rows)) continue;
                int read = _tiff.IsTiled()
                    ? _tiff.ReadTile(raw, 0, col0, row0, 0, 0)
                    : _tiff.ReadEncodedStrip(_tiff.ComputeStrip(row0, 0), raw, 0, -1);
                if (read <= 0 || _client.FirstError is not null)
                    throw Corrupt($"the {(_tiff.IsTiled() ? "tile" : "strip")} at row {row0}, column {col0} cannot be decoded ({_client.FirstError ?? "no data"}); the file may be truncated");
                int stride = _tiff.IsTiled() ? g.BlockWidth : g.Width; // a strip spans the whole width
                long needed = (long)((rows - 1) * stride + cols) * _bytesPerSample * (_contiguous ? _samplesPerPixel : 1);
                if (read < needed) throw Corrupt($"the block at row {row0}, column {col0} is shorter than its cells ({read} of {needed} bytes); the file may be truncated");
                Decode(raw, stride, rows, cols, values);
                visit(new RasterBlock(col0, row0, cols, rows, values));
            }
        }
    }

    private void Decode(byte[] raw, int stride, int rows, int cols, double[] values)
    {
        int step = _contiguous ? _samplesPerPixel : 1;
        var span = raw.AsSpan();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int at = ((r * stride) + c) * step * _bytesPerSample;
                // libtiff hands samples over in the machine's byte order (it swaps big-endian files on decode).
                values[r * cols + c] = (_format, _bytesPerSample) switch
                {
                    (SampleFormat.UINT, 1) => raw[at],
                    (SampleFormat.UINT, 2) => BitConverter.ToUInt16(span[at..]),
                    (SampleFormat.INT, 2) => BitConverter.ToInt16(span[at..]),
                    (SampleFormat.UINT, 4) => BitConverter.ToUInt32(span[at..]),
                    (SampleFormat.INT, 4) => BitConverter.ToInt32(span[at..]),
                    (SampleFormat.IEEEFP, 4) => BitConverter.ToSingle(span[at..]),
                    _ => BitConverter.ToDouble(span[at..]),
                };
            }
    }

    private GeoTransform Transform(bool pixelIsPoint)
    {
        GeoTransform t;
        if (Doubles(TiffTag.GEOTIFF_MODELTRANSFORMATIONTAG) is { Length: >= 16 } m)
            t = new GeoTransform(m[3], m[0], m[1], m[7], m[4], m[5]);
        else if (Doubles(TiffTag.GEOTIFF_MODELTIEPOINTTAG) is { Length: >= 6 } tie && Doubles(TiffTag.GEOTIFF_MODELPIXELSCALETAG) is { Length: >= 2 } scale)
        {
            if (tie.Length > 6) throw new RasterReadException(ErrorCodes.UnsupportedRaster, "it is georeferenced by many tie points (a warped image); rewrite it with gdalwarp to a regular grid.");
            if (scale[0] <= 0 || scale[1] <= 0) throw Corrupt("its pixel scale is not positive");
            t = new GeoTransform(tie[3] - tie[0] * scale[0], scale[0], 0, tie[4] + tie[1] * scale[1], 0, -scale[1]);
        }
        else throw new RasterReadException(ErrorCodes.UnknownCrs, "it is a TIFF without georeferencing (no ModelTiepoint/ModelPixelScale or ModelTransformation tags), so its cells cannot be placed.");
        if (!double.IsFinite(t.X0) || !double.IsFinite(t.Y0) || t.CellArea <= 0 || !double.IsFinite(t.CellArea))
            throw Corrupt("its georeferencing is degenerate (zero or non-finite cell size)");
        // PixelIsPoint: the tie point is a cell's centre; move it to the cell's corner.
        return pixelIsPoint ? t with { X0 = t.X0 - 0.5 * t.Dx - 0.5 * t.Rx, Y0 = t.Y0 - 0.5 * t.Ry - 0.5 * t.Dy } : t;
    }

    private Dictionary<int, int> GeoKeys()
    {
        var keys = new Dictionary<int, int>();
        var field = _tiff.GetField(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG);
        if (field is null) return keys;
        var dir = field[^1].ToShortArray();
        if (dir is null || dir.Length < 4) return keys;
        int count = (ushort)dir[3];
        for (int k = 0; k < count && 4 + k * 4 + 3 < dir.Length; k++)
        {
            int id = (ushort)dir[4 + k * 4], location = (ushort)dir[5 + k * 4], value = (ushort)dir[7 + k * 4];
            if (location == 0) keys[id] = value; // the value sits in the directory itself (SHORT keys: all we read)
        }
        return keys;
    }

    private double? NoData()
    {
        var field = _tiff.GetField(TiffTag.GDAL_NODATA);
        if (field is null) return null;
        var text = field[^1].ToString()?.Trim('\0', ' ');
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private double[]? Doubles(TiffTag tag)
    {
        var field = _tiff.GetField(tag);
        return field is null ? null : field[^1].ToDoubleArray();
    }

    private int Int(TiffTag tag, int fallback)
    {
        var field = _tiff.GetField(tag) ?? _tiff.GetFieldDefaulted(tag);
        return field is { Length: > 0 } ? field[0].ToInt() : fallback;
    }

    private RasterReadException Corrupt(string what) => new(ErrorCodes.CorruptRaster, $"{what}.");

    public void Dispose()
    {
        _tiff.Dispose();
        _client.Stream.Dispose();
    }

    /// <summary>
    /// The file as libtiff's client stream, which also collects libtiff's errors for this file (the error handler is
    /// process-wide; its client data tells whose error it is), so they become the problem's message, not console noise.
    /// </summary>
    private sealed class ClientStream(Stream stream) : TiffStream
    {
        public Stream Stream { get; } = stream;
        public string? FirstError { get; set; }

        static ClientStream() => Tiff.SetErrorHandler(new Collector());

        public override int Read(object clientData, byte[] buffer, int offset, int count) => Stream.Read(buffer, offset, count);
        public override void Write(object clientData, byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(object clientData, long offset, SeekOrigin origin) => Stream.Seek(offset, origin);
        public override void Close(object clientData) { }
        public override long Size(object clientData) => Stream.Length;

        private sealed class Collector : TiffErrorHandler
        {
            public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) { }
            public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

            public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
            {
                if (clientData is ClientStream c) c.FirstError ??= Format(format, args);
            }

            public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }

            private static string Format(string format, object[] args)
            {
                try
                {
                    return string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
                }
                catch (FormatException)
                {
                    return format;
                }
            }
        }
    }
}
