#!/usr/bin/env bash
# Runs every test against real PostgreSQL, RabbitMQ and Redis (private instances the tests start
# and stop themselves). Builds once, then runs the test projects without rebuilding.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

ensure_prerequisites

step "Building"
dotnet build OmniRetail.sln --nologo -clp:NoSummary -v minimal

step "Testing (each test is listed as it finishes)"
dotnet test OmniRetail.sln --no-build --nologo --logger "console;verbosity=normal" "$@"
