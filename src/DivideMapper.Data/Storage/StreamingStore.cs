using System.Threading.Channels;
using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Roles;
using Npgsql;

namespace DivideMapper.Data.Storage;

/// <summary>
/// Stores an import's rows while the file is still being read, so the database's work (heap, indexes, WAL) overlaps
/// the reading and validation instead of following it. Same transaction and guarantees as
/// <see cref="DatasetStore.SaveAsync"/>: project, dataset row and rows commit together at <see cref="FinishAsync"/>,
/// and <see cref="AbortAsync"/> (a rejected file, or rows that did not stream) rolls everything back, the project
/// included. The rows go into the dataset's own load table under a reserved dataset id; the dataset row is inserted
/// and the table attached as its partition at the end (<see cref="DatasetStore.CommitAsync"/>). Rows go out in chunks
/// of <see cref="ChunkSize"/>, each in Z-order (<see cref="RoleRowCopier.SpatialOrder{T}"/>: neighbours share heap
/// pages). 20k rows measured best on W1 (200k points) when the rows went through the parent's GiST index: 5k lost the
/// locality, 50k–100k started the COPY too late to overlap much of the reading.
/// The channel holds at most <see cref="ChunksQueued"/> chunks: when the database falls behind, the reader waits, so
/// an import's memory stays that of a few chunks whatever the size of the file (DESIGN §9).
/// </summary>
internal sealed class StreamingStore(Task<NpgsqlDataSource> dataSource, string projectSlug, DatasetRole role, CancellationToken ct) : IRowStream
{
    internal const int ChunkSize = 20_000;
    internal const int ChunksQueued = 2;

    private Channel<List<(object Row, ImportedRow Source)>> _chunks = NewChannel();
    private bool _closed;
    private List<(object Row, ImportedRow Source)> _chunk = [];
    private Task<Session>? _session;
    private int _count;

    /// <summary>Where the COPY reports the rows it has written (every 1,024 and at each chunk's end).</summary>
    public ImportProgress? Progress { get; init; }

    /// <summary>True once rows were offered (the pipeline streams only some files).</summary>
    public bool Started => _session is not null;

    public void Begin(string sha256)
    {
        var chunks = _chunks;
        _session = Task.Run(() => RunAsync(sha256, chunks), ct);
    }

    /// <summary>Rolls back what was streamed (as <see cref="AbortAsync"/>) and gets ready for <see cref="Begin"/> again.</summary>
    public async Task DiscardAsync()
    {
        await AbortAsync();
        Progress?.Stored(0); // rolled back: a job's figure must not count them as stored
        _chunks = NewChannel();
        _chunk = [];
        _count = 0;
        _closed = false;
        _session = null;
    }

    private static Channel<List<(object Row, ImportedRow Source)>> NewChannel() =>
        Channel.CreateBounded<List<(object Row, ImportedRow Source)>>(new BoundedChannelOptions(ChunksQueued)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public void Add(object row, ImportedRow source)
    {
        _chunk.Add((row, source));
        _count++;
        if (_chunk.Count >= ChunkSize) Send();
    }

    private void Send()
    {
        if (_chunk.Count == 0) return;
        if (!_closed && !_chunks.Writer.TryWrite(_chunk))
        {
            // Full: wait for the COPY (on the reading thread, which the pipeline calls synchronously).
            try
            {
                _chunks.Writer.WriteAsync(_chunk, ct).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                _closed = true; // the session failed; FinishAsync reports why, the rest is not sent
            }
        }
        _chunk = [];
    }

    /// <summary>Ends the COPY, completes the dataset row and commits; or answers with the dataset these bytes already are.</summary>
    public async Task<StoredDataset> FinishAsync(DatasetToStore dataset, int rowCount, CancellationToken cancellationToken)
    {
        if (_session is null) throw new InvalidOperationException("Nothing was streamed.");
        if (rowCount != _count)
        {
            await AbortAsync();
            throw new InvalidOperationException($"{_count} rows were streamed but the import kept {rowCount}.");
        }
        Send();
        _chunks.Writer.TryComplete();
        var session = await _session;
        await using (session)
        {
            if (session.Existing is { } existing) return existing;
            await session.Writer!.CompleteAsync(cancellationToken);
            return await DatasetStore.CommitAsync(session.Connection, session.Transaction, session.DatasetId, session.ProjectId, dataset,
                rowCount, cancellationToken);
        }
    }

    /// <summary>Abandons whatever was streamed: nothing of it, not even a new project, is stored.</summary>
    public async Task AbortAsync()
    {
        _chunks.Writer.TryComplete();
        if (_session is null) return;
        try
        {
            await using var session = await _session;
            if (session.Writer is { } writer) await writer.CancelAsync();
            // Disposing the session rolls the transaction back.
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            // Nothing was committed; an unavailable database is reported by whoever awaits it for the import.
        }
    }

    private async Task<Session> RunAsync(string sha256, Channel<List<(object Row, ImportedRow Source)>> chunks)
    {
        try
        {
            return await RunSessionAsync(sha256, chunks);
        }
        catch
        {
            chunks.Writer.TryComplete(); // a reader waiting for room must not wait forever
            throw;
        }
    }

    private async Task<Session> RunSessionAsync(string sha256, Channel<List<(object Row, ImportedRow Source)>> chunks)
    {
        var connection = await (await dataSource).OpenConnectionAsync(ct);
        var session = new Session(connection, await connection.BeginTransactionAsync(ct));
        try
        {
            session.ProjectId = await DatasetStore.EnsureProjectAsync(connection, projectSlug, ct);
            session.Existing = await DatasetStore.FindExistingAsync(connection, session.ProjectId, role, sha256, ct);
            if (session.Existing is not null)
            {
                await foreach (var _ in chunks.Reader.ReadAllAsync(ct)) { } // the same bytes are stored already
                return session;
            }

            var declaration = RoleCatalog.Of(role);
            session.DatasetId = await DatasetPartitions.ReserveDatasetIdAsync(connection, ct);
            var target = await DatasetPartitions.CreateLoadTableAsync(connection, declaration, session.DatasetId, ct);
            session.Writer = await BinaryCopyWriter.BeginAsync(connection, target, ct);
            var written = 0L;
            await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            {
                var rows = declaration.SpatiallyOrdered ? RoleRowCopier.SpatialOrder(chunk, r => declaration.GeometryOf(r.Row)) : chunk;
                foreach (var (row, source) in rows)
                {
                    RoleRowCopier.WriteRow(session.Writer, declaration, row, source, session.DatasetId, session.ProjectId);
                    await session.Writer.FlushIfFullAsync(ct);
                    if ((++written & 1023) == 0) Progress?.Stored(written);
                }
                Progress?.Stored(written);
            }
            return session;
        }
        catch
        {
            if (session.Writer is { } writer) await writer.CancelAsync();
            await session.DisposeAsync();
            throw;
        }
    }

    private sealed class Session(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public NpgsqlConnection Connection { get; } = connection;
        public NpgsqlTransaction Transaction { get; } = transaction;
        public long ProjectId { get; set; }
        public long DatasetId { get; set; }
        public StoredDataset? Existing { get; set; }
        public BinaryCopyWriter? Writer { get; set; }

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync(); // rolls back unless committed
            await Connection.DisposeAsync();
        }
    }
}
