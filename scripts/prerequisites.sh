# Sourced by run.sh and test.sh: installs what a fresh Debian machine lacks, once.
# PostgreSQL, RabbitMQ and Redis come from Debian's packages because this project runs where no
# Docker engine exists; the AppHost and the test fixtures start private instances of them.

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_prerequisites() {
  local packages=(postgresql rabbitmq-server redis-server)
  local missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    step "Installing Debian packages: ${missing[*]} (once)"
    as_root apt-get update
    # The packages' own system services are not ours (we run private instances on other ports).
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi

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
