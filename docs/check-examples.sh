#!/usr/bin/env bash
# Runs the README's quick tour and the first example of each docs page against a node on the
# default config, and fails if any command exits non-zero. Needs the jar
# (mvn -q package -DskipTests) and netcat-openbsd as `nc`. The default ports must be free; as
# root it runs in a private network namespace of its own (unshare -n), so they always are.
# Examples meant for two terminals (listen) and the clustering page are not run here.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/launcher/target/netbus.jar
[ -f "$JAR" ] || { echo "check-examples: build the jar first: mvn -q package -DskipTests" >&2; exit 2; }

if [ "${CHECK_EXAMPLES_NETNS:-}" != 1 ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
  CHECK_EXAMPLES_NETNS=1 exec unshare -n "$0" "$@"
fi
[ "${CHECK_EXAMPLES_NETNS:-}" = 1 ] && ip link set lo up

WORK=$(mktemp -d); NODE=
cleanup() { [ -n "$NODE" ] && kill "$NODE" 2>/dev/null && wait "$NODE"; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$WORK/node" "$WORK/cli/launcher/target"
ln -s "$JAR" "$WORK/cli/launcher/target/netbus.jar"
# the built-in default keeps its files in the user's data directory: a private one here
(cd "$WORK/node" && XDG_DATA_HOME=$WORK/data-home exec java -jar "$JAR" >"$WORK/node.log" 2>&1) & NODE=$!
for _ in $(seq 1 150); do (exec 3<>/dev/tcp/127.0.0.1/7000) 2>/dev/null && break; sleep 0.2; done
(exec 3<>/dev/tcp/127.0.0.1/7000) 2>/dev/null || { echo "check-examples: node did not start" >&2; cat "$WORK/node.log" >&2; exit 1; }

# first ```sh block of a page, or the one after a heading when one is given
block() { awk -v h="$2" 'h!="" && index($0,h)==1 {go=1} h=="" {go=1} go && /^```sh/ {f=1; next} f && /^```/ {exit} f' "$1"; }

failed=0
run_block() {
  echo "== $1"
  while IFS= read -r line; do
    case "$line" in ''|alias*|*'terminal 1'*|*'&') continue ;; esac
    echo "\$ $line"
    (cd "$WORK/cli" && netbus() { java -jar launcher/target/netbus.jar "$@"; } && export -f netbus \
      && timeout 60 bash -c "$line" </dev/null) || { echo "FAILED (status $?): $line"; failed=1; }
  done
}
block "$ROOT/README.md" '## A quick tour' | run_block README.md
for page in tcp udp files bus-and-bridge cli bench security; do
  block "$ROOT/docs/$page.md" '' | run_block "docs/$page.md"
done
[ "$failed" = 0 ] && echo "check-examples: all examples ran" || echo "check-examples: some examples failed" >&2
exit "$failed"
