#!/usr/bin/env bash
# Lints the published OpenAPI document against the NL API Design Rules (Logius' Spectral ruleset).
# Usage: scripts/lint-api.sh RULESET   (a local copy or the hosted ruleset's URL)
# Fails on any error-level finding; warnings are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
ruleset="${1:?usage: scripts/lint-api.sh RULESET (path or URL of the ADR Spectral ruleset)}"
mkdir -p out
node scripts/openapi-document.ts out/openapi.json
npx spectral lint --ruleset "$ruleset" --fail-severity error out/openapi.json
