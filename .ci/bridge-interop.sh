#!/usr/bin/env bash
# The event-bus bridge against a real third-party client: installs the npm package
# vertx3-tcp-eventbus-client into a temporary directory and runs .ci/bridge-interop.js against
# nodes of the built launcher/target/netbus.jar (free loopback ports only): two clustered ones,
# one whose bridge authenticates tokens, one whose bridge serves TLS with client certificates.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=launcher/target/netbus.jar
[ -f "$jar" ] || { echo "bridge-interop: $jar is missing (run mvn package first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent vertx3-tcp-eventbus-client >/dev/null)
# the client prints a warning for each pong it has no handler for: not a failure.
node .ci/bridge-interop.js "$PWD/$jar" "$tmp/node_modules" 2> >(grep -v "No handler found for message" >&2)
