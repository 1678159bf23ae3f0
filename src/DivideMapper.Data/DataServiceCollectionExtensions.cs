using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DivideMapper.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// One NpgsqlDataSource for the app (NTS plugin configured once) and the DbContext on top of it.
    /// </summary>
    public static IServiceCollection AddDivideMapperData(this IServiceCollection services, string connectionString)
    {
        var dataSource = CreateDataSource(connectionString);
        services.AddSingleton(dataSource);
        services.AddDbContext<DivideMapperDbContext>(options => Configure(options, dataSource));
        return services;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        builder.EnableDynamicJson();
        return builder.Build();
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, o => o.UseNetTopologySuite()).UseSnakeCaseNamingConvention();

    /// <summary>A context outside DI (CLI, tests), on the given data source.</summary>
    public static DivideMapperDbContext CreateContext(NpgsqlDataSource dataSource) =>
        new(Configure(new DbContextOptionsBuilder<DivideMapperDbContext>(), dataSource).Options as DbContextOptions<DivideMapperDbContext>
            ?? throw new InvalidOperationException());
}
