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
}
