using System.Globalization;
using System.Text.RegularExpressions;

namespace DivideMapper.Data;

/// <summary>
/// One temp folder per process, <c>dividemapper-process-{pid}-{start}</c> under the system temp folder, made the
/// process's <c>TMPDIR</c>, so every temp file it writes through <see cref="Path.GetTempPath"/> (import staging,
/// uploads, GDAL's output, the children it starts) lands inside it. Why: a process killed with SIGKILL runs no
/// <c>finally</c>, so the staging folders of an import or an upload it had open would stay in /tmp for ever (found by
/// the real-kill tests); with one folder per process, the next process to start deletes the folders of processes
/// that are gone. A process is told apart by its pid and its start time (/proc/{pid}/stat, field 22), so a reused pid
/// never makes a live process's folder look dead. Where there is no /proc (not Linux) the folder is still used and
/// deleted at a normal exit, but nothing is swept.
/// </summary>
public sealed partial class ProcessTempFolder : IDisposable
{
    private const string Prefix = "dividemapper-process-";
    private readonly string? _previous;

    private ProcessTempFolder(string path, string? previous)
    {
        Path = path;
        _previous = previous;
    }

    public string Path { get; }

    /// <summary>How many folders of dead processes the claim deleted.</summary>
    public int Swept { get; private init; }

    /// <summary>
    /// Sweeps the folders of dead processes, creates this process's (mode 711) and points TMPDIR at it. Call it once,
    /// first thing in an entry point (not in code a test host runs several times); dispose at exit to delete it.
    /// </summary>
    public static ProcessTempFolder Claim()
    {
        var root = System.IO.Path.GetTempPath();
        var swept = Sweep(root);
        var path = System.IO.Path.Combine(root, FolderNameOf(Environment.ProcessId) ?? $"{Prefix}{Environment.ProcessId}-0");
        // The same pid and start time can only be ours (or a folder from before a reboot): nothing in it is live.
        DeleteQuietly(path);
        try
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
            // 711: others may pass through but not list it. A throwaway PostGIS cluster (dm bench, run as the postgres user
            // when we are root) lives in a 755 folder inside, and initdb must reach its password file there.
            else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unwritable temp folder must not stop commands that need none (dm profiles, dm runs): keep TMPDIR as
            // it is, and let an import that needs it report the problem itself.
            return new ProcessTempFolder(root, previous: null) { Swept = swept, Claimed = false };
        }
        var previous = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", path);
        return new ProcessTempFolder(path, previous) { Swept = swept };
    }

    /// <summary>The folder name of a running process (pid and start time), or null when it is not running (or there is no /proc).</summary>
    public static string? FolderNameOf(int pid) => StartTime(pid) is { } start ? $"{Prefix}{pid}-{start}" : null;

    /// <summary>Deletes the folders under <paramref name="root"/> of processes no longer running; returns how many.</summary>
    public static int Sweep(string root)
    {
        if (StartTime(Environment.ProcessId) is null) return 0; // no /proc: cannot tell the dead from the living
        var swept = 0;
        IEnumerable<string> folders;
        try { folders = Directory.EnumerateDirectories(root, Prefix + "*").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
        foreach (var folder in folders)
        {
            if (FolderName().Match(System.IO.Path.GetFileName(folder)) is not { Success: true } m) continue;
            if (StartTime(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) == m.Groups[2].Value) continue; // alive
            if (DeleteQuietly(folder)) swept++;
        }
        return swept;
    }

    /// <summary>False when the folder could not be created (TMPDIR left as it was; nothing to delete at exit).</summary>
    public bool Claimed { get; private init; } = true;

    public void Dispose()
    {
        if (!Claimed) return;
        Environment.SetEnvironmentVariable("TMPDIR", _previous);
        DeleteQuietly(Path);
    }

    /// <summary>The process's start time in clock ticks since boot (/proc/{pid}/stat field 22), or null when it is gone.</summary>
    private static string? StartTime(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        // Field 2 (the command name) is in parentheses and may hold spaces or ')': count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 ? fields[19] : null; // fields[0] is field 3, so field 22 is fields[19]
    }

    /// <summary>Best effort: a folder of another user, or one being deleted by another process at the same time, is skipped.</summary>
    private static bool DeleteQuietly(string path)
    {
        try
        {
            if (!Directory.Exists(path)) return false;
            Directory.Delete(path, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^dividemapper-process-(\d+)-(\d+)$")]
    private static partial Regex FolderName();
}
