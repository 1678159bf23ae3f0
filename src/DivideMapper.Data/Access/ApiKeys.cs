using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DivideMapper.Data.Access;

/// <summary>A key as listed (never its secret).</summary>
public sealed record ApiKeyInfo(long Id, string Role, string? Label, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>A new key: <see cref="Token"/> is shown once and cannot be recovered afterwards.</summary>
public sealed record CreatedApiKey(long Id, AccessRole Role, string? Label, string Token);

/// <summary>The key a valid token belongs to.</summary>
public sealed record VerifiedKey(long Id, AccessRole Role, string? Label);

/// <summary>
/// API keys (DESIGN §8). A token is <c>dm_{id}_{secret}</c>: the id finds the row, the secret is 32 bytes from the
/// operating system's CSPRNG (<see cref="RandomNumberGenerator"/>), base64url. Only HMAC-SHA256(salt, secret) is stored,
/// with a random 16-byte salt per key, and compared in constant time.
/// <para>Why a keyed fast hash and not PBKDF2/bcrypt/Argon2: those stretch low-entropy passwords so that guessing
/// costs more. A 256-bit random secret cannot be guessed whatever the hash speed, so stretching buys no security
/// while it would cost CPU on every request (a denial-of-service lever for anyone sending bogus keys). What the store
/// must guarantee is that a leaked table does not yield usable tokens (the HMAC is one-way) and that equal secrets
/// do not give equal rows (the salt); HMACSHA256 and FixedTimeEquals are .NET's own primitives for exactly that.
/// This is the same reasoning GitHub and Stripe give for their token hashes.</para>
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "dm_";
    private const int SecretBytes = 32;

    public static async Task<CreatedApiKey> CreateAsync(NpgsqlDataSource dataSource, AccessRole role, string? label, string createdBy,
        CancellationToken ct = default)
    {
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var secretText = Base64Url.EncodeToString(secret);
        var salt = RandomNumberGenerator.GetBytes(16);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO api_key (role, label, salt, hash, created_by) VALUES (@role, @label, @salt, @hash, @by) RETURNING id
            """);
        command.Parameters.AddWithValue("role", role.ToSlug());
        command.Parameters.AddWithValue("label", string.IsNullOrWhiteSpace(label) ? DBNull.Value : label.Trim());
        command.Parameters.AddWithValue("salt", salt);
        command.Parameters.AddWithValue("hash", Hash(salt, secretText));
        command.Parameters.AddWithValue("by", createdBy);
        var id = (long)(await command.ExecuteScalarAsync(ct))!;
        return new CreatedApiKey(id, role, label, $"{Prefix}{id}_{secretText}");
    }

    /// <summary>The key of a token, or null when the token is malformed, unknown, revoked or wrong.</summary>
    public static async Task<VerifiedKey?> VerifyAsync(NpgsqlDataSource dataSource, string token, CancellationToken ct = default)
    {
        if (!TryParse(token, out var id, out var secret)) return null;
        await using var command = dataSource.CreateCommand("SELECT role, label, salt, hash FROM api_key WHERE id = @id AND revoked_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var role = reader.GetString(0);
        var label = reader.IsDBNull(1) ? null : reader.GetString(1);
        var salt = (byte[])reader[2];
        var hash = (byte[])reader[3];
        if (!CryptographicOperations.FixedTimeEquals(Hash(salt, secret), hash)) return null;
        return AccessRoles.TryParse(role, out var parsed) ? new VerifiedKey(id, parsed, label) : null;
    }

    public static async Task<List<ApiKeyInfo>> ListAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, role, label, created_at, created_by, revoked_at FROM api_key ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(ct))
            keys.Add(new ApiKeyInfo(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        return keys;
    }

    /// <summary>Revokes a key at once (every later request with it is refused). False when there is no such active key.</summary>
    public static async Task<bool> RevokeAsync(NpgsqlDataSource dataSource, long id, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE api_key SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>True when at least one admin key is active (the server writes a first one otherwise).</summary>
    public static async Task<bool> AnyActiveAdminAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM api_key WHERE role = 'admin' AND revoked_at IS NULL)");
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    internal static bool TryParse(string token, out long id, out string secret)
    {
        id = 0;
        secret = "";
        if (token.Length > 200 || !token.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = token.AsSpan(Prefix.Length);
        var underscore = rest.IndexOf('_');
        if (underscore is < 1 or > 18 || !long.TryParse(rest[..underscore], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out id) || id <= 0) return false;
        secret = rest[(underscore + 1)..].ToString();
        return secret.Length > 0;
    }

    private static byte[] Hash(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));
}
