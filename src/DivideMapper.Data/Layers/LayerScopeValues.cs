using DivideMapper.Core.Analysis;
using Npgsql;

namespace DivideMapper.Data.Layers;

/// <summary>
/// The values a layer's <see cref="LayerDefinition.ScopeWhere"/> and column expressions read: the project, the run (run
/// layers), and the project's privacy floor. Every statement over a layer (a page, a count, a tile) adds them with
/// <see cref="AddTo"/>, so the parameter names are declared here once: @project, @run, @min_devices, @min_tests.
/// </summary>
public sealed record LayerScopeValues(long ProjectId, long? RunId, PrivacyFloor Floor)
{
    public void AddTo(NpgsqlCommand command)
    {
        command.Parameters.AddWithValue("project", ProjectId);
        command.Parameters.AddWithValue("run", RunId ?? -1);
        command.Parameters.AddWithValue("min_devices", Floor.MinDevices);
        command.Parameters.AddWithValue("min_tests", Floor.MinTests);
    }
}
