using System.Globalization;

namespace DivideMapper.Formats.Writers;

/// <summary>The ESRI flavour of WKT that ArcGIS, QGIS and GDAL expect in a .prj file.</summary>
public static class EsriPrj
{
    public const string Wgs84 =
        "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]]," +
        "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    /// <summary>WGS 84 / UTM zone <paramref name="zone"/> N or S (EPSG:326zz / 327zz).</summary>
    public static string Utm(int zone, bool north)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zone, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zone, 60);
        var meridian = (zone * 6 - 183).ToString("0.0", CultureInfo.InvariantCulture);
        return $"PROJCS[\"WGS_1984_UTM_Zone_{zone}{(north ? 'N' : 'S')}\",{Wgs84}," +
               "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0]," +
               $"PARAMETER[\"False_Northing\",{(north ? "0.0" : "10000000.0")}],PARAMETER[\"Central_Meridian\",{meridian}]," +
               "PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    }

    /// <summary>The .prj for an EPSG code we can describe without a CRS database: 4326 and the WGS 84 UTM zones.</summary>
    public static string? ForSrid(int srid) => srid switch
    {
        4326 => Wgs84,
        > 32600 and <= 32660 => Utm(srid - 32600, north: true),
        > 32700 and <= 32760 => Utm(srid - 32700, north: false),
        _ => null,
    };
}
