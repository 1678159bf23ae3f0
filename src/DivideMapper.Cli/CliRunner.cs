using System.CommandLine;
using Npgsql;

namespace DivideMapper.Cli;

/// <summary>Parses and runs a command; failures that are not bugs become one clear line and a non-zero exit.</summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        try
        {
            // Our own handler below turns expected failures into one line; the library default would print a stack trace.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal))
        {
            // A value the database refuses, or a concurrent duplicate: the input's doing, not an unavailable database.
            CliOutput.Error($"the database refused the data: {e.MessageText}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            CliOutput.Error($"the database is not available: {e.Message}");
            return ExitCodes.DatabaseUnavailable;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("PostgreSQL", StringComparison.Ordinal))
        {
            CliOutput.Error(e.Message);
            return ExitCodes.DatabaseUnavailable;
        }
        finally
        {
            CliLogging.Factory.Dispose();
        }
    }
}
