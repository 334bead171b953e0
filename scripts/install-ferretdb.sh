#!/usr/bin/env bash
# Builds Joren's embedded database, FerretDB v1.24.2 with the SQLite backend, into .tools/bin with
# `go install` (modules come from the Go module proxy). scripts/joren-ferretdb/main.go says why
# Joren embeds FerretDB's package rather than installing FerretDB's own command.
#
#   scripts/install-ferretdb.sh          build unless an up-to-date binary is there
#   scripts/install-ferretdb.sh --check  exit 0 if the binary is up to date, 1 if not
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src="$root/scripts/joren-ferretdb"
bin_dir="$root/.tools/bin"
bin="$bin_dir/joren-ferretdb"
stamp="$bin.sha256"
want_version=v1.24.2

source_hash() { cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -d' ' -f1; }

up_to_date() {
  [ -x "$bin" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(source_hash)" ] &&
    [ "$("$bin" -version 2>/dev/null)" = "$want_version" ]
}

if [ "${1:-}" = "--check" ]; then
  up_to_date
  exit
fi

if up_to_date; then
  echo "FerretDB $want_version is already built: $bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed to build the embedded FerretDB (https://go.dev/dl/), or set MONGODB_URI to a MongoDB server." >&2
  exit 1
fi

echo "Building FerretDB $want_version (SQLite backend) with $(go version | cut -d' ' -f3) into $bin_dir ..."
mkdir -p "$bin_dir"
(cd "$src" && GOBIN="$bin_dir" GOFLAGS=-mod=readonly CGO_ENABLED=0 go install .)
got=$("$bin" -version)
if [ "$got" != "$want_version" ]; then
  echo "Built FerretDB $got, expected $want_version" >&2
  exit 1
fi
source_hash >"$stamp"
echo "FerretDB $got ready: $bin"
