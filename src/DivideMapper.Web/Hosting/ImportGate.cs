using Microsoft.Extensions.Options;

namespace DivideMapper.Web.Hosting;

/// <summary>
/// Bounds the imports running at once (Import:MaxConcurrentImports): an upload holds a temp file, a parser (or a
/// GDAL child) and a COPY, so unbounded parallel uploads would exhaust memory, disk and connections. A request
/// that finds no free slot is refused at once (429 with Retry-After) rather than queued behind a slow upload.
/// </summary>
public sealed class ImportGate(IOptions<ImportSettings> settings)
{
    private readonly SemaphoreSlim _slots = new(settings.Value.MaxConcurrentImports, settings.Value.MaxConcurrentImports);

    /// <summary>A slot, released on dispose; null when all are taken.</summary>
    public IDisposable? TryEnter() => _slots.Wait(0) ? new Slot(_slots) : null;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
