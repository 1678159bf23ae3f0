using DivideMapper.Core.Analysis;

namespace DivideMapper.Data.Model;

/// <summary>A city or programme workspace. Created on first import (DESIGN §4, §7).</summary>
public class Project
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>Metric CRS for areas and distances; null until data arrives, then the UTM zone of the data.</summary>
    public int? MetricSrid { get; set; }
    /// <summary>Privacy floor (DESIGN §6): aggregates from fewer devices or tests are withheld.</summary>
    public int MinDevices { get; set; } = PrivacyFloor.DefaultMinDevices;
    public int MinTests { get; set; } = PrivacyFloor.DefaultMinTests;
    public string? Attribution { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>public (anyone reads its results) or private (a viewer key or better); see Access.ProjectVisibility.</summary>
    public string Visibility { get; set; } = Access.ProjectVisibility.Default;

    public List<Dataset> Datasets { get; set; } = [];
    public List<Run> Runs { get; set; } = [];
}
