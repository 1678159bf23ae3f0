using DivideMapper.Data;

namespace DivideMapper.Cli.Tests;

/// <summary>The sweep of <see cref="ProcessTempFolder"/>: dead processes' folders go, a live process's folder stays.</summary>
public sealed class ProcessTempFolderTests
{
    [Fact]
    public void SweepDeletesTheFoldersOfDeadProcessesAndKeepsTheLivingAndOthers()
    {
        using var root = new TempDir();
        var live = ProcessTempFolder.FolderNameOf(Environment.ProcessId)!;
        var pid = Environment.ProcessId;
        string[] dead = [$"dividemapper-process-{pid}-1", "dividemapper-process-999999999-5"]; // a reused pid; a pid that is gone
        string[] kept = [live, "dividemapper-import-abc", "dividemapper-process-x-1"];
        foreach (var name in dead.Concat(kept))
        {
            Directory.CreateDirectory(root.File(name));
            File.WriteAllText(Path.Combine(root.File(name), "staged.csv"), "a,b\n");
        }

        Assert.Equal(2, ProcessTempFolder.Sweep(root.Path));

        Assert.All(dead, name => Assert.False(Directory.Exists(root.File(name)), name));
        Assert.All(kept, name => Assert.True(File.Exists(Path.Combine(root.File(name), "staged.csv")), name));
    }
}
