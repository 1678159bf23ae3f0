using System.CommandLine;
using DivideMapper.Cli;
using DivideMapper.Cli.Commands;
using DivideMapper.Data;

// Temp files in a folder of this process's own, and those of killed dm processes deleted (ProcessTempFolder says why).
using var tempFolder = ProcessTempFolder.Claim();

// `dm bench …` belongs to the bench project: hand it every argument, `--help` included, unparsed.
if (args is ["bench", .. var benchArgs]) return await BenchCommand.ForwardAsync(benchArgs, CancellationToken.None);

var root = new RootCommand("DivideMapper: map the digital divide inside cities (DESIGN §7).")
{
    ListCommands.Projects(),
    ListCommands.Datasets(),
    ListCommands.Runs(),
    ImportCommand.Create(),
    AnalyzeCommand.Create(),
    ProfilesCommand.Create(),
    CompareCommand.Create(),
    ExportCommand.Create(),
    ServeCommand.Create(),
    SampleCommand.Create(),
    BenchCommand.Create(),
    KeysCommand.Create(),
    DeleteCommand.Create(),
    DeleteCommand.Visibility(),
    FreePortCommand.Create(),
};
return await CliRunner.RunAsync(root, args);
