# Sourced by run.sh and test.sh: installs what a fresh Debian machine lacks, once.
# PostgreSQL, RabbitMQ and Redis come from Debian's packages because this project runs where no
# Docker engine exists; the AppHost and the test fixtures start private instances of them.

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# curl: ops.sh reads the broker's definitions and the invariants over HTTP.
DEBIAN_SERVER_PACKAGES=(postgresql rabbitmq-server redis-server curl)

# The packages whose server binaries the AppHost and the test fixtures run, judged by those binaries
# (not by dpkg's bookkeeping, which can say "installed" for a package whose files are gone).
missing_server_packages() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || echo postgresql
  [ -x /usr/sbin/rabbitmq-server ] || echo rabbitmq-server
  [ -x /usr/bin/redis-server ] || echo redis-server
  # ops.sh reads the broker's definitions through its management API.
  command -v curl >/dev/null 2>&1 || echo curl
}

# Installs Debian packages without letting their own system services start: we run private
# instances on other ports, and a machine without an init system would fail the service start.
install_debian_packages() {
  step "Installing Debian packages: $* (apt-get)"
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    created_policy=1
  fi
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
  if [ -n "$created_policy" ]; then as_root rm -f "$policy"; fi
}

ensure_prerequisites() {
  local missing
  missing=$(missing_server_packages | tr '\n' ' ')
  if [ -n "${missing// /}" ]; then
    # shellcheck disable=SC2086
    install_debian_packages $missing
  fi
  missing=$(missing_server_packages | tr '\n' ' ')
  if [ -n "${missing// /}" ]; then
    echo "Still missing after apt-get: $missing" >&2
    exit 1
  fi
  step "Servers available: $(compgen -G '/usr/lib/postgresql/*/bin/initdb' | head -1), /usr/sbin/rabbitmq-server, /usr/bin/redis-server"

  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK is missing. Install the version global.json names: https://dot.net/download" >&2
    exit 1
  fi
}

# A per-machine secret in .data/secrets/<name>, created on first use; the AppHost reads the same file.
generated_secret() {
  local directory=".data/secrets" file=".data/secrets/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$directory" && chmod 700 "$directory"
    (umask 077 && od -An -N18 -tx1 /dev/urandom | tr -d ' \n' > "$file")
  fi
  cat "$file"
}

# A TOTP secret (160 random bits, base32) kept like generated_secret; the AppHost reads the same file.
generated_base32_secret() {
  local directory=".data/secrets" file=".data/secrets/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$directory" && chmod 700 "$directory"
    (umask 077 && head -c 20 /dev/urandom | base32 | tr -d '=\n' > "$file")
  fi
  cat "$file"
}
