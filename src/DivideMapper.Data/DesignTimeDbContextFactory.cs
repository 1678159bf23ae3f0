using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DivideMapper.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DivideMapperDbContext>
{
    public DivideMapperDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<DivideMapperDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=design_time", o => o.UseNetTopologySuite())
            .UseSnakeCaseNamingConvention();
        return new DivideMapperDbContext(options.Options);
    }
}
