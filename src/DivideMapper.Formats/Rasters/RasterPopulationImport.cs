using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Crs;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Rasters;

/// <summary>What a raster import produced: the rows (unless they were streamed), their count, the CRS and a summary.</summary>
internal sealed record RasterRead(IReadOnlyList<ProcessedRow> Rows, long Kept, bool Streamed, SourceCrs? Crs, RasterSummary Summary);

/// <summary>
/// A people-per-cell raster → population cells (DESIGN §5.3). Blocks are decoded one at a time (those wholly outside
/// the clip box are never decompressed) and each cell with people inside the clip box becomes a
/// <see cref="PopulationFeature"/> of kind <see cref="PopulationKind.Cell"/>: the cell's polygon in EPSG:4326 and its
/// value. Nodata cells (GDAL_NODATA, NaN) and cells of 0 carry no people and are not stored; negative values are
/// counted as nodata (WorldPop's −99999 without a nodata tag). With a row stream, rows go straight to it and are not
/// kept, so memory is one block plus the stream's chunk, whatever the raster's size.
/// </summary>
internal static class RasterPopulationImport
{
    private static readonly IReadOnlyDictionary<string, object?> NoProperties = new Dictionary<string, object?>().AsReadOnly();

    public static async Task<RasterRead?> ReadAsync(string path, ReadContext context, IRowStream? rowStream, string sha256)
    {
        var options = context.Options;
        GeoTiffReader reader;
        try
        {
            reader = await GeoTiffReader.OpenAsync(path, options.Srid, options.Limits.MaxRasterBlockBytes, context.CancellationToken);
        }
        catch (RasterReadException e)
        {
            context.Problems.File(e.Code, e.Message);
            return null;
        }
        using (reader)
        {
            var grid = reader.Grid;
            if (grid.Crs is null)
            {
                context.Problems.File(ErrorCodes.UnknownCrs, grid.DeclaredCrs is null
                    ? "the raster's GeoKeys give no EPSG code (a user-defined CRS), so its cells cannot be placed; give its EPSG code with the srid option."
                    : $"the raster's CRS {grid.DeclaredCrs} is not one we can reproject from; give another EPSG code with the srid option.");
                return null;
            }
            var cells = new CellBuilder(grid, grid.Crs, options.ClipBox);
            var rows = new List<ProcessedRow>();
            long kept = 0, read = 0, nodata = 0, empty = 0, outside = 0;
            double people = 0;
            var streaming = rowStream is not null;
            rowStream?.Begin(sha256);
            var stop = false;
            try
            {
                reader.ReadBlocks((c, r, w, h) => !stop && cells.BlockMayIntersectClip(c, r, w, h), block =>
                {
                    // Block by block (never per cell): cells kept so far, and how far down the raster the blocks are.
                    context.Progress.Read(kept, block.Row0 + block.Height, grid.Height);
                    for (int r = 0; r < block.Height && !stop; r++)
                        for (int c = 0; c < block.Width; c++)
                        {
                            read++;
                            var v = block.Values[r * block.Width + c];
                            if (double.IsNaN(v) || v == grid.NoData || v < 0 || !double.IsFinite(v))
                            {
                                nodata++;
                                continue;
                            }
                            if (v == 0)
                            {
                                empty++;
                                continue;
                            }
                            var polygon = cells.Cell(block.Col0 + c, block.Row0 + r);
                            if (polygon is null)
                            {
                                outside++;
                                continue;
                            }
                            kept++;
                            people += v;
                            if (kept > options.Limits.MaxFeatures)
                            {
                                context.Problems.File(ErrorCodes.TooManyFeatures,
                                    $"more than {options.Limits.MaxFeatures:N0} cells with people lie inside the project area, the most one import takes; import the settlements first so the raster is clipped to them, or split the raster.");
                                stop = true;
                                break;
                            }
                            var row = new PopulationFeature(kept, PopulationKind.Cell, v, null, polygon);
                            var info = new ImportedRow((int)Math.Min(kept, int.MaxValue), null, NoProperties);
                            if (streaming) rowStream!.Add(row, info);
                            else rows.Add(new ProcessedRow(row, info));
                        }
                }, context.CancellationToken);
            }
            catch (RasterReadException e)
            {
                context.Problems.File(e.Code, e.Message);
                return null;
            }
            // Blocks skipped whole were outside the clip box: count their cells as outside too.
            outside += (long)grid.Width * grid.Height - read;
            var summary = new RasterSummary(grid.Width, grid.Height, grid.SampleType, grid.Layout, grid.Compression,
                grid.NoData is { } nd && double.IsFinite(nd) ? nd : null, read, kept, nodata, empty, outside, people,
                options.ClipBox?.ToArray());
            if (!stop && kept == 0)
                context.Problems.File(ErrorCodes.NoFeatures, options.ClipBox is null
                    ? "the raster has no cell with people (every cell is nodata or 0)."
                    : $"no cell with people lies within the project's settlements and the clip margin ({summary.CellsOutsideClip:N0} cells outside, {nodata:N0} nodata); is it the right raster for this project?");
            return new RasterRead(rows, kept, streaming, grid.Crs, summary);
        }
    }

    /// <summary>Cell polygons in EPSG:4326 and the clip test, for one grid.</summary>
    private sealed class CellBuilder(RasterGrid grid, SourceCrs crs, ClipBox? clip)
    {
        private readonly GeometryFactory _source = new(new PrecisionModel(), 0);

        /// <summary>Whether any part of the block may fall inside the clip box (its outline reprojected, a cell of slack).</summary>
        public bool BlockMayIntersectClip(int col0, int row0, int width, int height)
        {
            if (clip is null) return true;
            var env = new Envelope();
            for (int k = 0; k <= 4; k++)
            {
                double f = k / 4.0;
                foreach (var (c, r) in new[] { (col0 + f * width, (double)row0), (col0 + f * width, row0 + height), (col0, row0 + f * height), (col0 + width, row0 + f * height) })
                {
                    var (x, y) = ToLonLat(c, r);
                    if (double.IsFinite(x) && double.IsFinite(y)) env.ExpandToInclude(x, y);
                }
            }
            if (env.IsNull) return false;
            var slack = Math.Max(env.Width / Math.Max(1, width), env.Height / Math.Max(1, height));
            env.ExpandBy(slack);
            return clip.Intersects(env.MinX, env.MinY, env.MaxX, env.MaxY);
        }

        /// <summary>The cell's polygon in EPSG:4326, or null when it lies outside the clip box.</summary>
        public Polygon? Cell(int col, int row)
        {
            var t = grid.Transform;
            var corners = new[] { t.At(col, row), t.At(col + 1, row), t.At(col + 1, row + 1), t.At(col, row + 1) };
            var ring = _source.CreatePolygon([.. corners.Select(p => new Coordinate(p.X, p.Y)), new Coordinate(corners[0].X, corners[0].Y)]);
            var lonLat = (Polygon)crs.ToWgs84(ring);
            var env = lonLat.EnvelopeInternal;
            if (clip is not null && !clip.Intersects(env.MinX, env.MinY, env.MaxX, env.MaxY)) return null;
            // Counter-clockwise shell (OGC orientation), in the storage factory.
            var shell = NetTopologySuite.Algorithm.Orientation.IsCCW(lonLat.Shell.CoordinateSequence) ? lonLat.Shell.Coordinates : lonLat.Shell.Coordinates.Reverse().ToArray();
            return Factories.Wgs84.CreatePolygon(shell);
        }

        private (double X, double Y) ToLonLat(double col, double row)
        {
            var (x, y) = grid.Transform.At(col, row);
            if (crs.IsWgs84) return (x, y);
            var p = (Point)crs.ToWgs84(_source.CreatePoint(new Coordinate(x, y)));
            return (p.X, p.Y);
        }
    }
}
