using System.CommandLine;
using System.Globalization;
using DivideMapper.Data.Access;

namespace DivideMapper.Cli.Commands;

/// <summary>
/// <c>dm keys create --role R [--label L] | keys list | keys revoke ID</c>. The CLI acts as the local operator (whoever
/// may read .data/ or DIVIDEMAPPER_DB may manage keys); each change is audited as cli:USER.
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage API keys (sent as Authorization: Bearer KEY).");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(RevokeKey());
        return command;
    }

    private static Command CreateKey()
    {
        var role = new Option<string>("--role") { Description = "viewer, analyst or admin.", Required = true };
        role.AcceptOnlyFromAmong([.. AccessRoles.Slugs]);
        var label = new Option<string?>("--label") { Description = "Who or what the key is for." };
        var json = CommonOptions.Json();
        var command = new Command("create", "Create a key; the key is printed once and cannot be shown again.") { role, label, json };
        command.SetAction(async (parse, ct) =>
        {
            AccessRoles.TryParse(parse.GetValue(role), out var parsed);
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var key = await ApiKeys.CreateAsync(database.DataSource, parsed, parse.GetValue(label), AuditLog.CliActor, ct);
            await AuditLog.WriteAsync(database.DataSource, new AuditRecord(AuditLog.CliActor, "key.create", $"key:{key.Id}", null, 0, parsed.ToSlug()), ct);
            if (parse.GetValue(json)) CliOutput.WriteJson(new { id = key.Id, role = parsed.ToSlug(), label = key.Label, token = key.Token });
            else
            {
                Console.Error.WriteLine($"Created {parsed.ToSlug()} key {key.Id}. It is shown this once; keep it secret:");
                Console.Out.WriteLine(key.Token);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListKeys()
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List keys (ids, roles, labels; never the secrets).") { json };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var keys = await ApiKeys.ListAsync(database.DataSource, ct);
            if (parse.GetValue(json)) CliOutput.WriteJson(keys);
            else
                CliOutput.WriteTable(["ID", "ROLE", "LABEL", "CREATED", "BY", "REVOKED"],
                    keys.Select(k => new[] { k.Id.ToString(CultureInfo.InvariantCulture), k.Role, k.Label, Date(k.CreatedAt), k.CreatedBy,
                        k.RevokedAt is { } r ? Date(r) : null }),
                    "No keys yet. Create one with: ./dm keys create --role analyst --label NAME");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeKey()
    {
        var id = new Argument<long>("ID") { Description = "The key's id (see ./dm keys list)." };
        var command = new Command("revoke", "Revoke a key at once.") { id };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await CliDatabase.OpenAsync(CliLogging.Logger, ct);
            var keyId = parse.GetValue(id);
            var revoked = await ApiKeys.RevokeAsync(database.DataSource, keyId, ct);
            await AuditLog.WriteAsync(database.DataSource,
                new AuditRecord(AuditLog.CliActor, "key.revoke", $"key:{keyId}", null, revoked ? ExitCodes.Ok : ExitCodes.NotFound), ct);
            if (!revoked)
            {
                CliOutput.Error($"there is no active key {keyId} (see ./dm keys list).");
                return ExitCodes.NotFound;
            }
            Console.Error.WriteLine($"Revoked key {keyId}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
