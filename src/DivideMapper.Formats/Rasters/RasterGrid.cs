using DivideMapper.Formats.Crs;

namespace DivideMapper.Formats.Rasters;

/// <summary>
/// Where a raster's cells are: the affine transform from pixel (column, row) corners to CRS coordinates,
/// x = X0 + col·Dx + row·Rx, y = Y0 + col·Ry + row·Dy (GDAL's geotransform order), and the CRS.
/// </summary>
internal sealed record GeoTransform(double X0, double Dx, double Rx, double Y0, double Ry, double Dy)
{
    public (double X, double Y) At(double col, double row) => (X0 + col * Dx + row * Rx, Y0 + col * Ry + row * Dy);

    /// <summary>|determinant|: the cell's area in CRS units².</summary>
    public double CellArea => Math.Abs(Dx * Dy - Rx * Ry);
}

/// <summary>The shape of one raster band as a reader found it, before any cell is decoded.</summary>
internal sealed record RasterGrid(
    int Width,
    int Height,
    GeoTransform Transform,
    SourceCrs? Crs,
    string? DeclaredCrs,
    double? NoData,
    string SampleType,
    string Layout,
    string? Compression,
    int BlockWidth,
    int BlockHeight);

/// <summary>
/// One decoded block (a tile, or a strip of rows) of band 1: <see cref="Values"/> holds <see cref="Width"/> ×
/// <see cref="Height"/> cells row by row, starting at pixel (<see cref="Col0"/>, <see cref="Row0"/>). The buffer is
/// reused for the next block: read it before asking for more.
/// </summary>
internal sealed record RasterBlock(int Col0, int Row0, int Width, int Height, double[] Values);

/// <summary>
/// The seam for raster formats (DESIGN §2: readers in Formats). A reader opens a file, says what its grid is, and
/// hands its blocks over one at a time, so memory stays at one block whatever the raster's size. Problems (corrupt or
/// unsupported files) are reported as <see cref="RasterReadException"/>s with a message for the analyst.
/// </summary>
internal interface IRasterReader : IDisposable
{
    RasterGrid Grid { get; }

    /// <summary>
    /// Decodes the blocks for which <paramref name="wanted"/>(col0, row0, width, height) is true, in file order, and
    /// calls <paramref name="visit"/> for each; blocks not wanted are never decompressed.
    /// </summary>
    void ReadBlocks(Func<int, int, int, int, bool> wanted, Action<RasterBlock> visit, CancellationToken ct);
}

/// <summary>A raster that cannot be read as asked; <see cref="Code"/> is one of the import problem codes.</summary>
internal sealed class RasterReadException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
