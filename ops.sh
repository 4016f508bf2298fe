#!/usr/bin/env bash
# Operating a local OmniRetail stack (the one ./run.sh starts; another one with the OMNIRETAIL_* settings below).
#
#   ./ops.sh token                 an admin access token for curl and scripts (password + the current TOTP code)
#   ./ops.sh backup [dir]          every service database (pg_dump, custom format, one snapshot per database), the
#                                  broker's definitions, the stack's secrets and a manifest with sizes, checksums and
#                                  row counts; default dir backups/<UTC time>
#   ./ops.sh restore dir           onto an empty stack (no .data/postgres yet): checks the manifest, puts the secrets
#                                  back, creates the cluster and restores every database; then start it with ./run.sh
#   ./ops.sh verify dir            on the running stack: row counts against the manifest, and the inventory invariants
#   ./ops.sh basebackup dir        a physical base backup of the whole cluster with its WAL (pg_basebackup), for
#                                  point-in-time recovery (README: "Backup and restore")
#
# Settings (defaults: the ./run.sh stack): OMNIRETAIL_DATA_DIR (.data), OMNIRETAIL_PG_PORT (55432),
# OMNIRETAIL_RABBITMQ_MANAGEMENT_PORT (55673), OMNIRETAIL_GATEWAY_URL (http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

DATA="$(realpath -m "${OMNIRETAIL_DATA_DIR:-.data}")"
PG_PORT="${OMNIRETAIL_PG_PORT:-55432}"
RABBIT_PORT="${OMNIRETAIL_RABBITMQ_MANAGEMENT_PORT:-55673}"
GATEWAY="${OMNIRETAIL_GATEWAY_URL:-http://127.0.0.1:8080}"
PG_USER=omniretail
export LC_ALL=C

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
fail() { echo "ops.sh: $*" >&2; exit 1; }
progress() { printf '  [%s] %s\n' "$1" "$2"; }

pg_bin() {
  local bin
  bin="$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -1 || true)"
  [ -n "$bin" ] || fail "PostgreSQL's binaries are not installed (run ./run.sh once, or install the postgresql package)"
  echo "$bin/$1"
}

# The server refuses to run as root: as root, server-side commands run as the postgres user.
as_server_user() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

secret() { local file="$DATA/secrets/$1"; [ -s "$file" ] || fail "$file is missing"; cat "$file"; }

psql_at() { PGPASSWORD="$(secret postgres-password)" "$(pg_bin psql)" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

databases() { psql_at -d postgres -c "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY datname"; }

# Exact row counts of every table, "table<TAB>rows", in the transaction (and so the snapshot) it runs in.
readonly COUNT_ROWS="SELECT table_name || E'\t' || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
  FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"

sha256() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

backup() {
  local dir="${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}"
  [ ! -e "$dir/manifest.json" ] || fail "$dir already holds a backup"
  mkdir -p "$dir" && chmod 700 "$dir"
  local -a dbs; mapfile -t dbs < <(databases)
  [ "${#dbs[@]}" -gt 0 ] || fail "no databases on 127.0.0.1:$PG_PORT: is the stack running?"
  local total=$(( ${#dbs[@]} + 2 )) step=0 entries=""
  step "Backing up ${#dbs[@]} databases from 127.0.0.1:$PG_PORT into $dir"
  for db in "${dbs[@]}"; do
    step=$((step + 1))
    # One transaction exports its snapshot: pg_dump dumps exactly what the row counts count.
    PGPASSWORD="$(secret postgres-password)" "$(pg_bin psql)" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$db" -X -q -At -v ON_ERROR_STOP=1 >/dev/null <<SQL
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT pg_export_snapshot() AS snapshot \gset
\setenv OPS_SNAPSHOT :snapshot
\o $dir/$db.rows
$COUNT_ROWS;
\o
\! PGPASSWORD="\$PGPASSWORD" "$(pg_bin pg_dump)" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$db" -Fc --snapshot="\$OPS_SNAPSHOT" -f "$dir/$db.dump" || touch "$dir/$db.failed"
COMMIT;
SQL
    [ ! -e "$dir/$db.failed" ] || fail "pg_dump of $db failed"
    progress "$step/$total" "$db: $(size "$dir/$db.dump") bytes, $(wc -l < "$dir/$db.rows") tables"
    local tables
    tables="$(awk -F'\t' '{ printf "%s\"%s\": %s", (NR > 1 ? ", " : ""), $1, $2 }' "$dir/$db.rows")"
    entries+="${entries:+,}
    {\"name\": \"$db\", \"file\": \"$db.dump\", \"bytes\": $(size "$dir/$db.dump"), \"sha256\": \"$(sha256 "$dir/$db.dump")\", \"rows\": {$tables}}"
    rm "$dir/$db.rows"
  done

  step=$((step + 1))
  local broker="null"
  if curl -fsS -u "omniretail:$(secret rabbitmq-password)" "http://127.0.0.1:$RABBIT_PORT/api/definitions" -o "$dir/rabbitmq-definitions.json" 2>/dev/null; then
    broker="{\"file\": \"rabbitmq-definitions.json\", \"bytes\": $(size "$dir/rabbitmq-definitions.json"), \"sha256\": \"$(sha256 "$dir/rabbitmq-definitions.json")\"}"
    progress "$step/$total" "broker definitions: $(size "$dir/rabbitmq-definitions.json") bytes"
  else
    progress "$step/$total" "broker definitions: management API on 127.0.0.1:$RABBIT_PORT did not answer, skipped"
  fi

  step=$((step + 1))
  # Without the keys the restored personal data is unreadable: they travel with the backup, which is kept as secret as they are.
  tar -C "$DATA" -czf "$dir/secrets.tar.gz" secrets
  progress "$step/$total" "secrets: $(size "$dir/secrets.tar.gz") bytes (keep this backup as secret as the keys in it)"

  cat > "$dir/manifest.json" <<JSON
{
  "createdAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "postgresVersion": "$(psql_at -d postgres -c 'SHOW server_version')",
  "databases": [$entries
  ],
  "broker": $broker,
  "secrets": {"file": "secrets.tar.gz", "bytes": $(size "$dir/secrets.tar.gz"), "sha256": "$(sha256 "$dir/secrets.tar.gz")"}
}
JSON
  step "Backup complete: $dir/manifest.json"
}

manifest_files() { grep -o '"file": "[^"]*", "bytes": [0-9]*, "sha256": "[0-9a-f]*"' "$1/manifest.json" | sed -E 's/"file": "([^"]*)", "bytes": ([0-9]*), "sha256": "([0-9a-f]*)"/\1 \2 \3/'; }

check_manifest() {
  local dir="$1"
  [ -f "$dir/manifest.json" ] || fail "$dir/manifest.json is missing: not a backup"
  while read -r file bytes checksum; do
    [ -f "$dir/$file" ] || fail "$dir/$file is missing"
    [ "$(size "$dir/$file")" = "$bytes" ] && [ "$(sha256 "$dir/$file")" = "$checksum" ] || fail "$dir/$file does not match the manifest (damaged?)"
  done < <(manifest_files "$dir")
}

manifest_databases() { grep -o '"name": "[^"]*", "file": "[^"]*"' "$1/manifest.json" | sed -E 's/"name": "([^"]*)".*/\1/'; }

restore() {
  local dir="${1:?usage: ./ops.sh restore dir}"
  check_manifest "$dir"
  [ ! -e "$DATA/postgres/PG_VERSION" ] || fail "$DATA/postgres already holds a cluster: restore onto an empty stack (stop it and move .data/ away first)"
  local -a dbs; mapfile -t dbs < <(manifest_databases "$dir")
  local total=$(( ${#dbs[@]} + 3 )) step=1
  step "Restoring $dir into $DATA (PostgreSQL on 127.0.0.1:$PG_PORT while it runs)"
  mkdir -p "$DATA" && chmod 755 "$DATA"
  if [ -d "$DATA/secrets" ]; then
    local here; here="$(mktemp -d)"; tar -C "$here" -xzf "$dir/secrets.tar.gz"
    for key in personal-data-key postgres-password; do
      cmp -s "$here/secrets/$key" "$DATA/secrets/$key" || { rm -rf "$here"; fail "$DATA/secrets/$key differs from the backup's: move .data/ away first"; }
    done
    rm -rf "$here"
  else
    tar -C "$DATA" -xzf "$dir/secrets.tar.gz"
  fi
  progress "$step/$total" "secrets in $DATA/secrets"

  step=$((step + 1))
  local cluster="$DATA/postgres" pwfile="$DATA/.postgres-initdb-password"
  mkdir -p "$cluster"
  cp "$DATA/secrets/postgres-password" "$pwfile"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$cluster" "$pwfile"; fi
  as_server_user "$(pg_bin initdb)" -D "$cluster" -U "$PG_USER" --pwfile="$pwfile" -A scram-sha-256 --auth-local=trust -E UTF8 --no-instructions >/dev/null
  rm -f "$pwfile"
  as_server_user "$(pg_bin pg_ctl)" -D "$cluster" -l "$cluster/restore.log" -w -o "-p $PG_PORT -k $cluster -c listen_addresses=127.0.0.1" start >/dev/null
  trap 'as_server_user "$(pg_bin pg_ctl)" -D "$cluster" -m fast -w stop >/dev/null 2>&1 || true' EXIT
  progress "$step/$total" "cluster created"

  for db in "${dbs[@]}"; do
    step=$((step + 1))
    psql_at -d postgres -c "CREATE DATABASE \"$db\" OWNER $PG_USER"
    PGPASSWORD="$(secret postgres-password)" "$(pg_bin pg_restore)" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$db" --exit-on-error --no-owner -j 2 "$dir/$db.dump"
    progress "$step/$total" "$db restored"
  done

  step=$((step + 1))
  as_server_user "$(pg_bin pg_ctl)" -D "$cluster" -m fast -w stop >/dev/null
  trap - EXIT
  progress "$step/$total" "cluster stopped"
  if [ -f "$dir/rabbitmq-definitions.json" ]; then
    cp "$dir/rabbitmq-definitions.json" "$DATA/rabbitmq-definitions.json"
    echo "  The broker's definitions are in $DATA/rabbitmq-definitions.json; the services declare their exchanges and queues again as they start."
  fi
  step "Restore complete: start the stack with ./run.sh, then ./ops.sh verify $dir"
}

verify() {
  local dir="${1:?usage: ./ops.sh verify dir}" failures=0
  check_manifest "$dir"
  step "Comparing row counts with $dir/manifest.json"
  while read -r db; do
    local expected actual
    expected="$(grep -o "\"name\": \"$db\".*" "$dir/manifest.json" | grep -o '"rows": {[^}]*}' | grep -oE '"[^"]+": [0-9]+' | sed -E 's/"([^"]*)": ([0-9]*)/\1\t\2/' | sort)"
    actual="$(psql_at -d "$db" -c "$COUNT_ROWS" | sort)"
    # Tables added by a later migration are not in an older backup; every table it has must hold at least its rows.
    local missing
    missing="$(join -t $'\t' -a1 -e MISSING -o 0,1.2,2.2 <(echo "$expected") <(echo "$actual") | awk -F'\t' '$3 == "MISSING" || $3 + 0 < $2 + 0')"
    if [ -n "$missing" ]; then
      failures=$((failures + 1))
      echo "  $db: fewer rows than backed up (table, backed up, now):"; echo "$missing" | sed 's/^/    /'
    else
      echo "  $db: $(echo "$expected" | wc -l) tables, every row back"
    fi
  done < <(manifest_databases "$dir")

  step "Inventory invariants"
  local token report
  token="$(OMNIRETAIL_GATEWAY_URL="$GATEWAY" "$0" token)"
  report="$(curl -fsS "$GATEWAY/api/inventory/invariants" -H "Authorization: Bearer $token")" || fail "the gateway at $GATEWAY did not answer"
  if echo "$report" | grep -q '"violations":\[\]'; then
    echo "  no violations"
  else
    failures=$((failures + 1)); echo "  $report"
  fi

  [ "$failures" = 0 ] || fail "verify found $failures problem(s)"
  step "Verified"
}

basebackup() {
  local dir="${1:?usage: ./ops.sh basebackup dir}"
  [ ! -e "$dir" ] || fail "$dir exists"
  step "Base backup of 127.0.0.1:$PG_PORT into $dir (tar, WAL streamed alongside)"
  PGPASSWORD="$(secret postgres-password)" "$(pg_bin pg_basebackup)" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -D "$dir" -Ft -z -X stream -P -c fast
  step "Base backup complete: $(du -sh "$dir" | cut -f1) in $dir"
}

admin_env() {
  local password totp
  password="${Auth__AdminPassword:-$(secret admin-password)}"
  totp="${Auth__AdminTotpSecret:-$(secret admin-totp-secret)}"
  export Demo__DataDirectory="$DATA" Demo__GatewayUrl="$GATEWAY" Demo__AdminPassword="$password" Demo__AdminTotpSecret="$totp"
}

case "${1:-}" in
  token)
    admin_env
    [ -f apphost/OmniRetail.Demo/bin/Debug/net10.0/OmniRetail.Demo.dll ] || dotnet build apphost/OmniRetail.Demo --nologo -v quiet >&2
    exec dotnet apphost/OmniRetail.Demo/bin/Debug/net10.0/OmniRetail.Demo.dll --token ;;
  backup) shift; backup "$@" ;;
  restore) shift; restore "$@" ;;
  verify) shift; verify "$@" ;;
  basebackup) shift; basebackup "$@" ;;
  *) usage ;;
esac
