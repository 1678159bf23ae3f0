using System.CommandLine;

namespace DivideMapper.Cli.Commands;

/// <summary>Options several verbs share, built fresh per command (System.CommandLine options belong to one parent).</summary>
public static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document to stdout." };

    public static Option<string> Project() => new("--project", "-p") { Description = "Project slug.", Required = true };
}
