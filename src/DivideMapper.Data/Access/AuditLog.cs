using Npgsql;

namespace DivideMapper.Data.Access;

/// <summary>One audited write, as the web app and the CLI record it.</summary>
public sealed record AuditRecord(string Actor, string Action, string Target, string? Project, int Outcome, string? Detail = null);

/// <summary>
/// The <c>audit</c> table (DESIGN §4, §8): every write through the API or the CLI, and every write the API refused
/// for want of a key, with who, what, when (server clock) and the target.
/// </summary>
public static class AuditLog
{
    /// <summary>The actor the CLI records: the local operator, by operating-system user.</summary>
    public static string CliActor => $"cli:{Environment.UserName}";

    public static async Task WriteAsync(NpgsqlDataSource dataSource, AuditRecord record, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO audit (actor, action, target, project, outcome, detail) VALUES (@actor, @action, @target, @project, @outcome, @detail)
            """);
        command.Parameters.AddWithValue("actor", Clip(record.Actor, 200)!);
        command.Parameters.AddWithValue("action", Clip(record.Action, 100)!);
        command.Parameters.AddWithValue("target", Clip(record.Target, 500)!);
        command.Parameters.AddWithValue("project", (object?)Clip(record.Project, 64) ?? DBNull.Value);
        command.Parameters.AddWithValue("outcome", record.Outcome);
        command.Parameters.AddWithValue("detail", (object?)Clip(record.Detail, 2000) ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Project, int Outcome, string? Detail);

    /// <summary>The newest entries first.</summary>
    public static async Task<List<AuditRow>> RecentAsync(NpgsqlDataSource dataSource, int limit, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, at, actor, action, target, project, outcome, detail FROM audit ORDER BY id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<AuditRow>();
        while (await reader.ReadAsync(ct))
            rows.Add(new AuditRow(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        return rows;
    }

    /// <summary>Text kept within the column's size and free of NUL (which PostgreSQL text cannot hold).</summary>
    private static string? Clip(string? s, int max) =>
        s is null ? null : (s.Length > max ? s[..max] : s).Replace('\0', '\uFFFD');
}
