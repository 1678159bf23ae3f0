# DivideMapper app image: the `dm` CLI serving the map and API. The database is a separate PostGIS container
# (docker-compose.yml) reached through DIVIDEMAPPER_DB; GDAL comes from Debian's gdal-bin, as on the host.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# ReadyToRun (set in the project) needs a runtime identifier: the build machine's own.
RUN dotnet publish src/DivideMapper.Cli -c Release --use-current-runtime -o /out

FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/public ./public

FROM mcr.microsoft.com/dotnet/aspnet:10.0-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin dividemapper \
 && mkdir -p /data && chown dividemapper /data
WORKDIR /app
COPY --from=build /out ./bin
COPY --from=web /web ./web
COPY sample-data ./sample-data
# Runs as an unprivileged user; the only writable place is /data (uploads in progress, the first admin key).
ENV DIVIDEMAPPER_HOME=/app \
    DIVIDEMAPPER_WEB_DIR=/app/web \
    DIVIDEMAPPER_DATA_DIR=/data
USER dividemapper
VOLUME /data
EXPOSE 5080
ENTRYPOINT ["dotnet", "/app/bin/dm.dll"]
CMD ["serve", "--urls", "http://0.0.0.0:5080"]
