using DivideMapper.Data;
using DivideMapper.Data.Access;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DivideMapper.Web.Access;

/// <summary>
/// The first start (no active admin key) creates an admin key and writes it to a file only the service's user can
/// read (mode 600 from the moment it exists, never world-readable even briefly), and logs where; the key itself is
/// never logged. Use it to create the keys people need (<c>POST /api/keys</c>, or <c>./dm keys create</c> locally).
/// </summary>
public static class AdminKeyBootstrap
{
    public static async Task RunAsync(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<AccessSettings>>().Value;
        if (app.Services.GetService<NpgsqlDataSource>() is not { } dataSource) return;
        try
        {
            // Runs left 'running' by a killed process (their project's run lock is free) are failed, not running forever.
            if (await Data.Runs.ProjectRunLock.FailInterruptedRunsAsync(dataSource) is > 0 and var interrupted)
                app.Logger.LogWarning("Marked {Count} interrupted run(s) as failed", interrupted);
            if (!settings.BootstrapAdminKey) return;
            if (await ApiKeys.AnyActiveAdminAsync(dataSource)) return;
            var path = Path.GetFullPath(settings.AdminKeyFile ?? Path.Combine(DivideMapperPaths.DataDir, "admin.key"));
            var key = await ApiKeys.CreateAsync(dataSource, AccessRole.Admin, "first start", "server");
            await SecretFile.WriteAsync(path, key.Token + "\n");
            await AuditLog.WriteAsync(dataSource, new AuditRecord("server", "key.create", $"key:{key.Id}", null, 201, "first-start admin key"));
            app.Logger.LogWarning("No admin key existed: created admin key {KeyId} and wrote it to {Path} (mode 600). " +
                "Send it as Authorization: Bearer <key>; create others with POST /api/keys or ./dm keys create", key.Id, path);
        }
        catch (NpgsqlException e)
        {
            app.Logger.LogError(e, "Could not check or create the first admin key; the database is not available");
        }
    }
}
