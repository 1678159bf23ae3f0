namespace DivideMapper.Testing;

/// <summary>A fresh temporary folder for one test (or one test class), deleted on dispose. The one temp-folder helper of the tests.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "dm-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>A path inside the folder (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Best effort: a file still open on another thread must not fail the test that owned the folder.
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
