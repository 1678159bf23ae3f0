namespace DivideMapper.Data;

/// <summary>Writes a secret to a file created with mode 600 (owner read/write) from the start.</summary>
public static class SecretFile
{
    public static async Task WriteAsync(string path, string content, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path); // a new file gets the mode below; an existing one would keep its own
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(content.AsMemory(), ct);
    }
}
