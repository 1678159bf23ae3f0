using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DivideMapper.Web.Hosting;

/// <summary>An uploaded file saved to a private temp folder; deleting the receipt deletes the file.</summary>
public sealed class UploadedFile(string path, string originalName, long length) : IDisposable
{
    public string Path { get; } = path;
    /// <summary>The client's file name, reduced to its last segment (never used as a path).</summary>
    public string OriginalName { get; } = originalName;
    public long Length { get; } = length;

    public void Dispose()
    {
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (dir is not null && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}

public enum UploadFailure { None, NotMultipart, NoFile, TooLarge }

/// <summary>
/// Streams the first file part of a multipart upload to disk, counting bytes as they arrive and stopping at the
/// cap, so a huge upload is refused without being buffered in memory or filling the disk.
/// </summary>
public static class UploadReceiver
{
    public static async Task<(UploadedFile? File, UploadFailure Failure)> ReceiveAsync(HttpRequest request, long maxBytes,
        CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            return (null, UploadFailure.NotMultipart);
        if (request.ContentLength > maxBytes + 64 * 1024) return (null, UploadFailure.TooLarge);

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        for (var section = await reader.ReadNextSectionAsync(ct); section is not null; section = await reader.ReadNextSectionAsync(ct))
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFileDisposition()) continue;
            var clientName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            var name = SafeName(clientName);
            var dir = Directory.CreateTempSubdirectory("dm-upload-").FullName;
            var path = System.IO.Path.Combine(dir, name);
            var received = new UploadedFile(path, name, 0);
            try
            {
                long total = 0;
                await using (var target = File.Create(path))
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await section.Body.ReadAsync(buffer, ct)) > 0)
                    {
                        total += read;
                        if (total > maxBytes)
                        {
                            received.Dispose();
                            return (null, UploadFailure.TooLarge);
                        }
                        await target.WriteAsync(buffer.AsMemory(0, read), ct);
                    }
                }
                return (new UploadedFile(path, name, total), UploadFailure.None);
            }
            catch
            {
                received.Dispose();
                throw;
            }
        }
        return (null, UploadFailure.NoFile);
    }

    /// <summary>The last path segment of the client's name with unsafe characters replaced; "upload" if nothing is left.</summary>
    internal static string SafeName(string? clientName)
    {
        var last = (clientName ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var cleaned = new string(last.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return cleaned.Length == 0 ? "upload" : cleaned[..Math.Min(cleaned.Length, 120)];
    }
}
