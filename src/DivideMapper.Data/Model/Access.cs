namespace DivideMapper.Data.Model;

/// <summary>
/// An API key (DESIGN §8): only a salted HMAC of its secret is stored, never the secret. A key is global (not per
/// project), so in a Citus layout this is a reference table.
/// </summary>
public class ApiKey
{
    public long Id { get; set; }
    /// <summary>viewer | analyst | admin (<see cref="Access.AccessRoles"/>).</summary>
    public required string Role { get; set; }
    public string? Label { get; set; }
    /// <summary>Random per-key salt, the HMAC key for <see cref="Hash"/>.</summary>
    public required byte[] Salt { get; set; }
    /// <summary>HMAC-SHA256(salt, secret).</summary>
    public required byte[] Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One write (or refused write): who, what, when, on which target, with what outcome.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>"key:12 (label)", "cli:root", "anonymous".</summary>
    public required string Actor { get; set; }
    /// <summary>e.g. dataset.create, run.create, project.delete, key.revoke.</summary>
    public required string Action { get; set; }
    /// <summary>e.g. project:sample, dataset:12, run:7, key:3.</summary>
    public required string Target { get; set; }
    /// <summary>The project concerned, if any (null when it is gone or there is none).</summary>
    public string? Project { get; set; }
    /// <summary>HTTP status or CLI exit code of the write.</summary>
    public int Outcome { get; set; }
    public string? Detail { get; set; }
}
