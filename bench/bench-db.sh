# Sourced by bench/import.sh and bench/world.sh: one database for both sides of an import comparison.
# In: $conninfo (libpq key=value, empty for the embedded cluster), $dbname, $here, $1 = the baseline's table to drop.
# Out: $db (libpq conninfo of the bench database, for psql and ogr2ogr), DIVIDEMAPPER_DB (the same, for dm), $datadir
# (set for the embedded cluster).
bench_database() {
  local baseline_table="$1"
  if [[ -z "$conninfo" ]]; then
    unset DIVIDEMAPPER_DB
    ./dm projects >/dev/null   # publishes dm if needed and starts the embedded cluster
    datadir="${DIVIDEMAPPER_DATA_DIR:-$here/.data}"
    conninfo="host=127.0.0.1 port=${DIVIDEMAPPER_PG_PORT:-55432} user=dividemapper password=$(cat "$datadir/pg.password") dbname=dividemapper"
  fi
  export PGOPTIONS="-c client_min_messages=warning"
  psql "$conninfo" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1 \
    || psql "$conninfo" -qc "CREATE DATABASE $dbname"
  db="$(sed -E 's/(^| )dbname=[^ ]*//' <<<"$conninfo") dbname=$dbname"
  psql "$db" -qc "CREATE EXTENSION IF NOT EXISTS postgis"
  if [[ -n "${datadir:-}" ]]; then
    # Embedded cluster: dm and ogr2ogr both work as the app's owner role (no superuser), as in production.
    psql "$db" -qc "DROP TABLE IF EXISTS $baseline_table" -c "ALTER DATABASE $dbname OWNER TO dividemapper_app"
    db="$(sed -E 's/(^| )(user|password)=[^ ]*//g' <<<"$db") user=dividemapper_app password=$(cat "$datadir/pg.app.password")"
  fi

  # The same server for dm, as an Npgsql connection string.
  local npgsql="" kv k v
  for kv in $db; do
    k=${kv%%=*} v=${kv#*=}
    case "$k" in
      host) npgsql+="Host=$v;" ;; port) npgsql+="Port=$v;" ;; user) npgsql+="Username=$v;" ;;
      password) npgsql+="Password=$v;" ;; dbname) npgsql+="Database=$v;" ;;
    esac
  done
  export DIVIDEMAPPER_DB="$npgsql"
}
