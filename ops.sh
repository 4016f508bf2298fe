#!/usr/bin/env bash
# Operating a local OmniRetail stack (the one ./run.sh starts).
#
#   ./ops.sh token     an admin access token for curl and scripts (signs in with the password and the current TOTP code)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

admin_env() {
  export Demo__DataDirectory="$PWD/.data"
  export Demo__GatewayUrl="${Demo__GatewayUrl:-http://127.0.0.1:8080}"
  export Demo__AdminPassword="${Auth__AdminPassword:-$(generated_secret admin-password)}"
  export Demo__AdminTotpSecret="${Auth__AdminTotpSecret:-$(generated_base32_secret admin-totp-secret)}"
}

case "${1:-}" in
  token)
    admin_env
    [ -f apphost/OmniRetail.Demo/bin/Debug/net10.0/OmniRetail.Demo.dll ] || dotnet build apphost/OmniRetail.Demo --nologo -v quiet >&2
    exec dotnet apphost/OmniRetail.Demo/bin/Debug/net10.0/OmniRetail.Demo.dll --token ;;
  *) usage ;;
esac
