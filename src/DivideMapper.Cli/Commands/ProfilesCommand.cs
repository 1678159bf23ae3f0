using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using DivideMapper.Core.Profiles;

namespace DivideMapper.Cli.Commands;

/// <summary><c>dm profiles [--json]</c>: the built-in threshold profiles with their cited sources.</summary>
public static class ProfilesCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var command = new Command("profiles", "List the threshold profiles (ITU UMC 2030, FCC, BEAD, Giga) and their sources.") { json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
                CliOutput.WriteJson(new JsonArray([.. ProfileCatalog.BuiltIn.Select(p => JsonNode.Parse(ProfileJson.Write(p)))]));
            else
            {
                CliOutput.WriteTable(["ID", "VERSION", "TARGET", "NETWORK", "DOWN", "UP", "LATENCY", "NAME"],
                    ProfileCatalog.BuiltIn.Select(p => new[]
                    {
                        p.Id + (p.Id == ProfileCatalog.DefaultId ? " (default)" : ""), p.Version.ToString(CultureInfo.InvariantCulture),
                        p.TargetTech.ToLabelString(), Core.Domain.Networks.ToSlug(p.JudgedNetwork), Mbps(p.MinDownMbps), p.MinUpMbps is { } up ? Mbps(up) : "–",
                        p.MaxLatencyMs is { } l ? l.ToString("0", CultureInfo.InvariantCulture) + " ms" : "–", p.Name,
                    }), "No profiles.");
                Console.Out.WriteLine();
                foreach (var p in ProfileCatalog.BuiltIn)
                    Console.Out.WriteLine($"{p.Id}: {p.Source.Citation}{(p.Source.Url is null ? "" : " " + p.Source.Url)}" +
                        (p.SupersededBy is null ? "" : $" (superseded by {p.SupersededBy})"));
            }
            return 0;
        });
        return command;
    }

    private static string Mbps(double v) => v.ToString("0.##", CultureInfo.InvariantCulture) + " Mb/s";

    // "4G+": 4G or better; fixed broadband is its own footprint, not a generation.
    private static string ToLabelString(this Core.Domain.Tech tech) =>
        Core.Domain.Techs.ToLabel(tech) + (Core.Domain.Techs.IsMobile(tech) ? "+" : "");
}
