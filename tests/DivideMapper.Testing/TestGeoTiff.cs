using BitMiracle.LibTiff.Classic;

namespace DivideMapper.Testing;

/// <summary>
/// Writes small or large GeoTIFFs for tests with LibTiff.NET (so a test can make a raster bigger than a memory cap
/// without committing it): Float32, deflate, tiled or striped, a north-up grid in an EPSG CRS (scale + tie point, or a ModelTransformation matrix), GDAL_NODATA.
/// </summary>
public static class TestGeoTiff
{
    /// <summary>ModelTransformationTag (34264), which LibTiff.NET has no name for.</summary>
    public const int ModelTransformationTag = 34264;

    /// <param name="value">People of cell (col, row).</param>
    /// <param name="tile">Tile size (a multiple of 16), or null for strips of <paramref name="rowsPerStrip"/> rows.</param>
    public static void Write(string path, int width, int height, double x0, double y0, double cell, int epsg, Func<int, int, float> value,
        int? tile = 256, int rowsPerStrip = 16, float? noData = null, bool modelTransformation = false)
    {
        using var tiff = Tiff.Open(path, "w") ?? throw new IOException($"cannot create {path}");
        // libtiff writes only tags it has field info for; the GeoTIFF and GDAL tags are declared here.
        TiffFieldInfo[] geoTags =
        [
            new(TiffTag.GEOTIFF_MODELPIXELSCALETAG, -1, -1, TiffType.DOUBLE, FieldBit.Custom, false, true, "ModelPixelScale"),
            new(TiffTag.GEOTIFF_MODELTIEPOINTTAG, -1, -1, TiffType.DOUBLE, FieldBit.Custom, false, true, "ModelTiepoint"),
            new(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG, -1, -1, TiffType.SHORT, FieldBit.Custom, false, true, "GeoKeyDirectory"),
            new((TiffTag)ModelTransformationTag, -1, -1, TiffType.DOUBLE, FieldBit.Custom, false, true, "ModelTransformation"),
            new(TiffTag.GDAL_NODATA, -1, -1, TiffType.ASCII, FieldBit.Custom, false, false, "GDALNoData"),
        ];
        tiff.MergeFieldInfo(geoTags, geoTags.Length);
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tiff.SetField(TiffTag.BITSPERSAMPLE, 32);
        tiff.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.IEEEFP);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.COMPRESSION, Compression.ADOBE_DEFLATE);
        if (tile is { } t)
        {
            tiff.SetField(TiffTag.TILEWIDTH, t);
            tiff.SetField(TiffTag.TILELENGTH, t);
        }
        else tiff.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
        if (modelTransformation)
            // The same north-up grid as the affine ModelTransformation matrix (GeoTIFF 1.1 §7.3.2.5) instead of scale + tie point.
            tiff.SetField((TiffTag)ModelTransformationTag, 16, new[] { cell, 0, 0, x0, 0, -cell, 0, y0, 0, 0, 0, 0, 0, 0, 0, 1.0 });
        else
        {
            tiff.SetField(TiffTag.GEOTIFF_MODELPIXELSCALETAG, 3, new[] { cell, cell, 0.0 });
            tiff.SetField(TiffTag.GEOTIFF_MODELTIEPOINTTAG, 6, new[] { 0.0, 0.0, 0.0, x0, y0, 0.0 });
        }
        var geographic = epsg == 4326;
        // GeoKey directory: version 1.1.0, 3 keys: model type, raster type (PixelIsArea), the CRS code.
        short[] keys = [1, 1, 0, 3, 1024, 0, 1, (short)(geographic ? 2 : 1), 1025, 0, 1, 1, (short)(geographic ? 2048 : 3072), 0, 1, (short)epsg];
        tiff.SetField(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG, keys.Length, keys);
        if (noData is { } nd) tiff.SetField(TiffTag.GDAL_NODATA, nd.ToString(System.Globalization.CultureInfo.InvariantCulture));

        if (tile is { } size)
        {
            var buffer = new byte[size * size * 4];
            for (int row0 = 0; row0 < height; row0 += size)
                for (int col0 = 0; col0 < width; col0 += size)
                {
                    Array.Clear(buffer);
                    for (int r = 0; r < size && row0 + r < height; r++)
                        for (int c = 0; c < size && col0 + c < width; c++)
                            BitConverter.TryWriteBytes(buffer.AsSpan((r * size + c) * 4), value(col0 + c, row0 + r));
                    tiff.WriteTile(buffer, col0, row0, 0, 0);
                }
        }
        else
        {
            var line = new byte[width * 4];
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++) BitConverter.TryWriteBytes(line.AsSpan(c * 4), value(c, r));
                tiff.WriteScanline(line, r);
            }
        }
        tiff.WriteDirectory();
    }
}
