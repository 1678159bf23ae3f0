using System.Security.Cryptography;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Archives;
using DivideMapper.Formats.Crs;
using DivideMapper.Formats.Csv;
using DivideMapper.Formats.Gdal;
using DivideMapper.Formats.GeoJson;
using DivideMapper.Formats.Shapefiles;

namespace DivideMapper.Formats.Import;

/// <summary>
/// File → reader → validation → typed EPSG:4326 rows and a report (DESIGN §2 data flow, up to the database).
/// Never throws for a bad file: every failure, including one inside a library, becomes a problem in the report.
/// Only cancellation propagates.
/// </summary>
public static class ImportPipeline
{
    /// <summary>
    /// Reads and validates <paramref name="path"/>. <paramref name="originalFileName"/> is the name the analyst
    /// knows (the upload's); it names the file in messages and helps recognise the format.
    /// </summary>
    public static Task<ImportOutcome> ReadAsync(string path, string originalFileName, ImportOptions options,
        CancellationToken cancellationToken = default) => ReadAsync(path, originalFileName, options, null, cancellationToken);

    /// <summary>
    /// As above; when the file allows it (no --srid, and the CRS known before the first row: CSV other than an OpenCelliD
    /// export, GeoJSON without a crs member, Ookla Parquet/GeoParquet in CRS84, Shapefiles with their .prj resolved first), rows are
    /// validated as they are read and handed to <paramref name="rowStream"/> at once, and the outcome says so with
    /// <see cref="ImportOutcome.Streamed"/>. The report is the same either way.
    /// </summary>
    public static Task<ImportOutcome> ReadAsync(string path, string originalFileName, ImportOptions options, IRowStream? rowStream,
        CancellationToken cancellationToken = default) => ReadAsync(path, originalFileName, options, rowStream, null, cancellationToken);

    /// <summary>As above, reporting the reading and validating phases (rows read, bytes consumed) to <paramref name="progress"/>.</summary>
    public static async Task<ImportOutcome> ReadAsync(string path, string originalFileName, ImportOptions options, IRowStream? rowStream,
        ImportProgress? progress, CancellationToken cancellationToken = default)
    {
        progress ??= new ImportProgress();
        var fileName = SafeName(originalFileName);
        var problems = new ProblemList(fileName, options.Limits.MaxProblemsListed);
        var warnings = new List<string>();
        var temp = Directory.CreateTempSubdirectory("dividemapper-import-");
        string? sha256 = null;
        SourceLayer? layer = null;
        SourceCrs? crs = null;
        FeatureResult? result = null;
        Rasters.RasterRead? raster = null;
        var streamed = false;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                problems.File(ErrorCodes.UnreadableFile, "the file does not exist or cannot be opened.");
            else if (info.Length > options.Limits.MaxBytes)
                problems.File(ErrorCodes.FileTooLarge,
                    $"the file is {Megabytes(info.Length)}, more than the {Megabytes(options.Limits.MaxBytes)} one import takes; split it or simplify it.");
            else
            {
                progress.Enter(ImportPhase.Reading, info.Length);
                sha256 = await Sha256Async(path, cancellationToken);
                if (info.Length == 0) problems.File(ErrorCodes.UnreadableFile, "the file is empty (0 bytes).");
                else
                {
                    var context = new ReadContext(fileName, options, problems, temp.FullName, cancellationToken) { Progress = progress };
                    // A read again from the file's start: a problem list and warnings of its own, so nothing the abandoned
                    // read found is reported.
                    ReadContext ReadAgain(bool streamOnPrefix)
                    {
                        problems = new ProblemList(fileName, options.Limits.MaxProblemsListed);
                        warnings.Clear();
                        return new ReadContext(fileName, options, problems, temp.FullName, cancellationToken) { Progress = progress, StreamOnPrefix = streamOnPrefix };
                    }
                    if (await IsTiffAsync(path, cancellationToken))
                    {
                        (raster, result) = await ReadRasterAsync(path, context, rowStream, sha256);
                        streamed = raster?.Streamed ?? false;
                    }
                    else
                    {
                        (layer, crs, result, streamed) = await ReadVectorAsync(path, fileName, context, warnings, rowStream, sha256, stream: true);
                        if (layer?.PrefixMisled == true)
                        {
                            // The rows went to the stream on what the beginning of the file showed (GeoJSON field names, no
                            // crs member, sound text), and its rest contradicted it: forget those rows and their problems,
                            // and read the file again, checking all of it before the first row.
                            if (rowStream is not null) await rowStream.DiscardAsync();
                            context = ReadAgain(streamOnPrefix: false);
                            (layer, crs, result, streamed) = await ReadVectorAsync(path, fileName, context, warnings, rowStream, sha256, stream: true);
                        }
                        if (result is null && layer?.Features.Count != layer?.FeatureCount && !problems.HasFileProblems)
                        {
                            // Rare: the rows went to the stream, but the end showed that every row is needed again (an id
                            // field that is 0 everywhere changes every id). Read the file once more, keeping the rows.
                            context = ReadAgain(streamOnPrefix: true);
                            (layer, crs, result, streamed) = await ReadVectorAsync(path, fileName, context, warnings, rowStream, sha256, stream: false);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Any library failure on a hostile or broken file is a report, never a crash of the caller.
            problems.File(ErrorCodes.UnreadableFile, $"the file could not be read ({e.GetType().Name}: {FirstLine(e.Message)}).");
            result = null;
        }
        finally
        {
            TryDelete(temp);
        }

        var rowCount = raster is not null ? (int)Math.Min(raster.Kept, int.MaxValue) : result?.Kept ?? 0;
        var outside = raster?.Summary.CellsOutsideClip ?? (result?.OutsideProjectArea ?? 0) + (layer?.OutsideProjectArea ?? 0);
        if (result is not null && rowCount == 0 && !problems.HasFileProblems && problems.BadFeatureCount == 0)
            problems.File(ErrorCodes.NoFeatures, outside > 0 && options.ClipBox is { } area
                // A file for another place (or the wrong role) is refused, not stored as an empty dataset: the analyst
                // learns at once instead of from an analysis that finds no evidence.
                ? $"none of its features lies within the project area (the settlements' box plus {options.ClipMarginM:0.#} m, " +
                  $"lon {area.MinLon:0.####}…{area.MaxLon:0.####}, lat {area.MinLat:0.####}…{area.MaxLat:0.####}): {outside:N0} outside. " +
                  "Is it the right file for this project? Import with a larger clip margin, or with no clip, to store them anyway."
                : "the file has no features.");
        var rejected = problems.BadFeatureCount;
        var accepted = !problems.HasFileProblems && rowCount > 0 && (rejected == 0 || options.SkipInvalid);
        var report = new ImportReport
        {
            File = fileName,
            Role = options.Role.ToSlug(),
            Format = raster is not null ? "geotiff" : layer?.Format,
            // Rows a reader dropped unparsed as outside the project area (Ookla Parquet by quadkey) were read too.
            Features = raster is not null ? rowCount : (int)Math.Min((layer?.FeatureCount ?? 0) + (layer?.OutsideProjectArea ?? 0), int.MaxValue),
            Rejected = rejected,
            Skipped = accepted ? rejected : 0,
            Imported = accepted ? rowCount : 0,
            Accepted = accepted,
            SourceCrs = raster?.Crs?.Name ?? crs?.Name,
            GeometryType = result?.GeometryType,
            Sha256 = sha256,
            PopulationRule = raster is not null ? "cells: the raster's value is the people in each cell, spread evenly over the cell"
                : Roles.RoleCatalog.Of(options.Role).Rule?.Invoke(options),
            Raster = raster?.Summary,
            OutsideProjectArea = outside,
            ProjectArea = options.ClipBox is { } clip && Roles.RoleCatalog.Of(options.Role).ClipToProjectArea
                ? new ProjectAreaSummary(clip.ToArray(), options.ClipMarginM) : null,
            Warnings = warnings,
            Problems = problems.Listed,
            Repairs = problems.Repairs,
            ProblemsNotListed = problems.NotListed,
        };
        return Outcome(report, accepted ? result : null, accepted && streamed);
    }

    /// <summary>
    /// Validation of rows as the reader hands them over, on the reading thread: a <see cref="FeatureProcessor"/> with
    /// its own problem list and warnings, appended after the reader's at the end, so the report is the one
    /// <see cref="FeatureProcessor.Process"/> gives after reading. Kept rows go on to the row stream at once.
    /// </summary>
    private sealed class StreamingValidation
    {
        private readonly ImportOptions _options;
        private readonly ProblemList _problems;
        private readonly List<string> _warnings = [];
        private readonly FeatureProcessor _processor;
        private readonly IRowStream? _rows;
        private readonly ProblemList _readerProblems;
        private bool _stopped;

        public StreamingValidation(ImportOptions options, ProblemList readerProblems, IReadOnlyList<string> fields, IRowStream? rows, SourceCrs crs)
        {
            Crs = crs;
            _options = options;
            _readerProblems = readerProblems;
            _problems = new ProblemList(readerProblems.FileName, options.Limits.MaxProblemsListed) { Noun = readerProblems.Noun };
            // With a row stream the rows live there, not here: memory stays bounded however long the file.
            _processor = new FeatureProcessor(options, _problems, _warnings, crs) { KeepRows = rows is null };
            _processor.BeginStream(fields.ToArray());
            _rows = rows;
        }

        /// <summary>The CRS the rows were validated in.</summary>
        public SourceCrs Crs { get; }

        public void Add(SourceFeature feature)
        {
            var kept = _processor.Add(feature);
            if (_stopped || _rows is null) return;
            // Once the file is certain to be rejected, the database need not take more rows (they would be rolled back).
            if (_readerProblems.HasFileProblems || _problems.HasFileProblems
                || (!_options.SkipInvalid && (_readerProblems.BadFeatureCount > 0 || _problems.BadFeatureCount > 0)))
            {
                _stopped = true;
                return;
            }
            if (kept is not null) _rows.Add(kept.Row, kept.Info);
        }

        /// <summary>Whether the rows handed over so far stand with these field names (<see cref="ReadContext.RowsStandWithFields"/>).</summary>
        public bool TakesFields(IReadOnlyList<string> fields) => _processor.TakesFields(fields);

        /// <summary>The "id field is 0 everywhere" rule changes every row's id: the whole file must be processed again, as before.</summary>
        public bool NeedsEveryRow => _processor.StreamNeedsIdRule;

        /// <summary>The result with the stream's problems and warnings added, and whether the streamed rows are it.</summary>
        public (FeatureResult Result, bool Streamed) Finish(ProblemList problems, List<string> warnings)
        {
            var result = _processor.Result();
            problems.Append(_problems);
            warnings.AddRange(_warnings);
            return (result, !_stopped);
        }
    }

    /// <summary>
    /// The CRS a reader had resolved before its first row (<see cref="ReadContext.ResolveCrsAsync"/>), with the problems
    /// and warnings of that resolution held back until the pipeline would have resolved it after reading.
    /// </summary>
    private sealed record EarlyCrs(string? Declared, SourceCrs? Crs, ProblemList Problems, List<string> Warnings);

    /// <summary>
    /// A vector file: read, resolve its CRS, validate. With <paramref name="stream"/>, rows are validated while they are
    /// read and handed to the row stream (only where the CRS is known before the first row: no --srid, and a reader
    /// that declares none — CSV, GeoJSON without a crs member — or one that resolves its declared CRS first — a
    /// Shapefile's .prj); the reader then keeps none of them. The result is null, with the layer's rows not kept, when
    /// the end showed that every row is needed again (the caller reads again).
    /// </summary>
    private static async Task<(SourceLayer?, SourceCrs?, FeatureResult?, bool Streamed)> ReadVectorAsync(string path, string fileName, ReadContext context,
        List<string> warnings, IRowStream? rowStream, string sha256, bool stream)
    {
        var options = context.Options;
        var problems = context.Problems;
        StreamingValidation? streaming = null;
        EarlyCrs? early = null;
        if (stream && options.Srid is null)
        {
            context.ResolveCrsAsync = async declaring =>
            {
                var held = new ProblemList(problems.FileName, options.Limits.MaxProblemsListed) { Noun = problems.Noun };
                var heldWarnings = new List<string>();
                var resolved = await ResolveCrsAsync(declaring, options, held, heldWarnings, context.TempDirectory, context.CancellationToken);
                early = new EarlyCrs(declaring.DeclaredCrs, resolved, held, heldWarnings);
                return resolved;
            };
            context.BeginRows = (fields, crs) =>
            {
                rowStream?.Begin(sha256);
                streaming = new StreamingValidation(options, problems, fields, rowStream, crs);
                return streaming.Add;
            };
            context.RowsStandWithFields = fields => streaming?.TakesFields(fields) ?? true;
        }
        var layer = await ReadAnyAsync(path, fileName, context, insideZip: false);
        if (layer is not null && IsOoklaTiles(layer)) layer.Format = "ookla-" + layer.Format;
        if (layer is null) return (null, null, null, false);
        if (layer.PrefixMisled) return (layer, null, null, false); // the caller reads again
        context.Progress.Read(layer.FeatureCount, 1, 1); // the whole file is read
        warnings.AddRange(layer.Warnings);
        if (problems.HasFileProblems) return (layer, null, null, false);
        SourceCrs? crs;
        if (early is not null && early.Declared == layer.DeclaredCrs && layer.ResolvedCrs is null)
        {
            problems.Append(early.Problems);
            warnings.AddRange(early.Warnings);
            crs = early.Crs;
        }
        else crs = await ResolveCrsAsync(layer, options, problems, warnings, context.TempDirectory, context.CancellationToken);
        if (crs is null || problems.HasFileProblems) return (layer, crs, null, false);
        if (streaming is null) return (layer, crs, new FeatureProcessor(options, problems, warnings, crs) { Progress = context.Progress }.Process(layer), false);
        if (!ReferenceEquals(crs, streaming.Crs) || streaming.NeedsEveryRow) return (layer, crs, null, false);
        var (result, streamed) = streaming.Finish(problems, warnings);
        return (layer, crs, result, streamed);
    }

    private static async Task<bool> IsTiffAsync(string path, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        await using var stream = File.OpenRead(path);
        var n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return Rasters.GeoTiffReader.IsTiff(head.AsSpan(0, n));
    }

    /// <summary>A GeoTIFF: only a population layer is a raster (people per cell); every other role is vector.</summary>
    private static async Task<(Rasters.RasterRead?, FeatureResult?)> ReadRasterAsync(string path, ReadContext context, IRowStream? rowStream, string sha256)
    {
        if (context.Options.Role != DatasetRole.Population)
        {
            context.Problems.File(ErrorCodes.UnsupportedFormat,
                $"this is a raster (GeoTIFF); rasters are read only as a population layer (role population), not as {context.Options.Role.ToSlug()}.");
            return (null, null);
        }
        var raster = await Rasters.RasterPopulationImport.ReadAsync(path, context, rowStream, sha256);
        if (raster is not null) context.Progress.Read(raster.Kept, 1, 1); // the whole raster is read
        return raster is null ? (null, null) : (raster, new FeatureResult(raster.Rows, "Polygon"));
    }

    private static async Task<SourceLayer?> ReadAnyAsync(string path, string fileName, ReadContext context, bool insideZip)
    {
        var format = FormatSniffer.Detect(path, fileName);
        switch (format?.Format)
        {
            case null:
                context.Problems.File(ErrorCodes.UnsupportedFormat,
                    "this is not a format we read: GeoJSON, zipped Shapefile, CSV (lon/lat or WKT), (Geo)Parquet, GeoPackage, FlatGeobuf or KML.");
                return null;
            case "parquet":
                return await ParquetFiles.ParquetFeatureReader.ReadAsync(path, context);
            case "zip" when insideZip:
                context.Problems.File(ErrorCodes.UnsupportedFormat, "a zip inside the zip is not read; upload the inner file.");
                return null;
            case "zip":
                return await ReadZipAsync(path, context);
            case "shapefile":
                return await ShapefileReader.ReadAsync(path, context);
            case "geojson":
                return GeoJsonReader.Read(path, context, stream: true);
            case "csv":
                return CsvFeatureReader.Read(path, context);
            default:
                return await GdalReader.ReadAsync(path, format.Format, format.GdalDriver!, context);
        }
    }

    /// <summary>Ookla open data: quadkey tiles with avg_d_kbps, whatever the container format.</summary>
    private static bool IsOoklaTiles(SourceLayer layer) =>
        layer.First is { } first && first.Attributes.ContainsKey("quadkey") && first.Attributes.ContainsKey("avg_d_kbps");

    private static async Task<SourceLayer?> ReadZipAsync(string path, ReadContext context)
    {
        var files = SafeZip.Extract(path, Path.Combine(context.TempDirectory, "zip"), context);
        if (files is null) return null;
        var shapefiles = files.Where(f => Path.GetExtension(f).Equals(".shp", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        var others = files.Where(f => Path.GetExtension(f).ToLowerInvariant() is ".geojson" or ".json" or ".csv" or ".tsv" or ".gpkg" or ".fgb" or ".kml" or ".gml" or ".gpx" or ".geojsonl")
            .Order(StringComparer.Ordinal).ToList();
        var candidates = shapefiles.Count > 0 ? shapefiles : others;
        if (candidates.Count == 0)
        {
            context.Problems.File(ErrorCodes.UnsupportedFormat,
                "the zip holds no shapefile (.shp with its .dbf) and no other file we read (.geojson, .csv, .gpkg, .fgb, .kml).");
            return null;
        }
        var chosen = candidates[0];
        var layer = await ReadAnyAsync(chosen, Path.GetFileName(chosen), context, insideZip: true);
        if (layer is not null && candidates.Count > 1)
            layer.Warnings.Insert(0, $"the zip holds {candidates.Count} layers; only {Path.GetFileName(chosen)} was read.");
        return layer;
    }

    private static async Task<SourceCrs?> ResolveCrsAsync(SourceLayer layer, ImportOptions options, ProblemList problems, List<string> warnings,
        string tempDirectory, CancellationToken cancellationToken)
    {
        SourceCrs? crs;
        if (options.Srid is { } srid)
        {
            crs = await CrsResolver.FromEpsgAsync(srid, cancellationToken);
            if (crs is null)
            {
                problems.File(ErrorCodes.UnknownCrs, $"srid {srid} is not an EPSG code we can reproject from.");
                return null;
            }
            var declared = layer.ResolvedCrs?.Name ?? (layer.DeclaredCrs is { } d ? (await CrsResolver.ResolveAsync(d, tempDirectory, cancellationToken))?.Name ?? "an unrecognised CRS" : null);
            if (declared is not null && declared != crs.Name)
                warnings.Add($"the file declares {declared}, but srid {srid} was used as asked.");
        }
        else if (layer.ResolvedCrs is not null) crs = layer.ResolvedCrs;
        else if (layer.DeclaredCrs is { } declared)
        {
            crs = await CrsResolver.ResolveAsync(declared, tempDirectory, cancellationToken);
            if (crs is null)
            {
                var shown = CrsResolver.RootName(declared) ?? (declared.Length > 80 ? declared[..80] + "…" : declared);
                problems.File(ErrorCodes.UnknownCrs,
                    $"its coordinate reference system \"{shown}\" is not one we recognise, so its coordinates cannot be placed; give its EPSG code as the srid option.");
                return null;
            }
        }
        else
        {
            crs = SourceCrs.Wgs84;
            if (layer.Format is not ("geojson" or "kml" or "gpx"))
                warnings.Add("the file declares no CRS (no .prj or crs); its coordinates were taken as WGS 84 longitude/latitude (EPSG:4326). Give the srid option if not.");
        }
        if (crs.LacksDatumShift)
            warnings.Add($"{crs.Name} uses a datum other than WGS 84 and gives no shift to it; positions may be off by up to a few hundred metres.");
        return crs;
    }

    private static ImportOutcome Outcome(ImportReport report, FeatureResult? result, bool streamed)
    {
        return new ImportOutcome
        {
            Report = report,
            RoleRows = result?.Rows.Select(r => r.Row).ToList() ?? [],
            Rows = result?.Rows.Select(r => r.Info).ToList() ?? [],
            Streamed = streamed,
            MeasurementSummary = result?.Measurements,
        };
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static string SafeName(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        file = new string(file.Where(c => !char.IsControl(c)).Take(200).ToArray());
        return file.Length == 0 ? "upload" : file;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return (i >= 0 ? s[..i] : s).TrimEnd('.');
    }

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a killed GDAL child; the OS temp cleaner takes it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
