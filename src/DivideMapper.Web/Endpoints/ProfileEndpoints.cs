using System.Text.Json.Nodes;
using DivideMapper.Core.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DivideMapper.Web.Endpoints;

public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/profiles", List).WithTags("Profiles")
            .WithSummary("The built-in threshold profiles (ITU UMC 2030, FCC 100/20 and 25/3, BEAD 100/20, Giga), each with its cited source and the network its speed thresholds judge.");
        return app;
    }

    internal static Ok<JsonArray> List() =>
        TypedResults.Ok(new JsonArray([.. ProfileCatalog.BuiltIn.Select(p =>
        {
            var node = JsonNode.Parse(ProfileJson.Write(p))!.AsObject();
            node["default"] = p.Id == ProfileCatalog.DefaultId;
            node["network"] = Core.Domain.Networks.ToSlug(p.JudgedNetwork); // the network whose tests the thresholds judge
            return (JsonNode)node;
        })]));
}
