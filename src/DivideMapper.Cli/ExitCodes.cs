using DivideMapper.Core.Outcomes;

namespace DivideMapper.Cli;

/// <summary>Exit codes of <c>dm</c>: 0 success; anything else names the kind of failure.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int InvalidInput = 3;
    public const int NotFound = 4;
    public const int DatabaseUnavailable = 5;

    /// <summary>The exit code of a code of the one catalogue (<see cref="ErrorCodes"/>).</summary>
    public static int For(string code) => code switch
    {
        ErrorCodes.UnknownProject or ErrorCodes.UnknownRun or ErrorCodes.NotFound => NotFound,
        ErrorCodes.InvalidParameter or ErrorCodes.BadRequest => Usage,
        ErrorCodes.DatabaseUnavailable => DatabaseUnavailable,
        ErrorCodes.Internal or ErrorCodes.Cancelled or ErrorCodes.Interrupted or ErrorCodes.AnalysisFailed => Failure,
        _ => InvalidInput,
    };
}
