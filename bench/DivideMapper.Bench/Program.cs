using DivideMapper.Bench;
using DivideMapper.Cli;

// `./dm bench …` starts this program as a child process (Cli/Commands/BenchCommand.cs), so the benchmarks and their
// baselines (Python, apt, a throwaway cluster) never live inside the product assemblies.
return await CliRunner.RunAsync(BenchCommands.Create(), args);
