#!/usr/bin/env bash
# Runs the whole OmniRetail stack: PostgreSQL, RabbitMQ, Redis, seven services and the gateway,
# under the Aspire AppHost. Ctrl+C stops everything it started. Data lives in .data/ (git-ignored),
# so a second run finds the first run's state. Demo data (warehouses, products, stock, one channel of
# each kind) is loaded once. --simulate [orders/s] also posts signed orders from every demo channel.
#
#   ./run.sh                 the stack with demo data
#   ./run.sh --simulate 5    ... and 5 channel orders a second (default 2) until Ctrl+C
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

case "${1:-}" in
  "") ;;
  --simulate) export Demo__OrdersPerSecond="${2:-2}" ;;
  *) echo "usage: ./run.sh [--simulate [orders per second]]" >&2; exit 2 ;;
esac

ensure_prerequisites

step "Building (first build restores packages; about 2 minutes on 2 cores)"
dotnet build OmniRetail.sln --nologo -clp:NoSummary -v minimal

step "Starting the stack"
if [[ -n "${Auth__AdminPassword:-}" ]]; then
  admin_password="(from your Auth__AdminPassword)"
else
  admin_password="$(generated_secret admin-password)"
fi
admin_totp_secret="${Auth__AdminTotpSecret:-$(generated_base32_secret admin-totp-secret)}"
cat <<MSG
  Gateway (the only public entry point): http://127.0.0.1:8080   readiness: http://127.0.0.1:8080/health/ready
  Aspire dashboard (resources, logs, traces, metrics): http://127.0.0.1:18888
  RabbitMQ management UI: http://127.0.0.1:55673 (user omniretail, password in .data/secrets/rabbitmq-password)
  Staff sign-in: POST http://127.0.0.1:8080/api/auth/token  {"username":"admin","password":"$admin_password","code":"<6 digits>"}
    the admin's second factor (add it to an authenticator app): otpauth://totp/OmniRetail:admin?secret=$admin_totp_secret&issuer=OmniRetail
    or, for scripts: TOKEN=\$(./ops.sh token)
  Demo channels (the "demo" resource in the dashboard shows the data loading$([[ -n "${Demo__OrdersPerSecond:-}" ]] && echo " and ${Demo__OrdersPerSecond} simulated orders/s")):
$(for channel in shopify-eu woo-us webshop mobile-app store-berlin; do
    printf '    %-13s secret %s\n' "$channel" "$(generated_secret "channel-$channel-secret")"
  done)
  Stop with Ctrl+C.

MSG
exec dotnet run --project apphost/OmniRetail.AppHost --no-build --launch-profile http
