#!/usr/bin/env bash
# Instructions per call (client and in-process server together), SDK against plain reqwest:
# callgrind counts the whole process for 200 and for 600 calls of each case, and the difference
# divided by 400 is the cost of one call, setup excluded. Deterministic, unlike wall-clock time
# on a shared machine. Needs valgrind (installed with apt-get when missing and possible).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y valgrind >/dev/null
  else
    echo "valgrind is needed (apt-get install valgrind)" >&2
    exit 1
  fi
fi
bin=$(cargo bench --bench repeat --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { # case calls: callgrind profile of one run, in $out
  valgrind --tool=callgrind --callgrind-out-file="$out/$1.$2" "$bin" "$1" "$2" >/dev/null 2>&1
}
total() { # case calls -> instructions of that run
  sed -n 's/^\(totals\|summary\): *\([0-9]*\).*/\2/p' "$out/$1.$2" | head -1
}
for case in sdk-get plain-get sdk-post plain-post; do
  run "$case" 200 &
  run "$case" 600 &
  wait
done
per_call() { # case -> instructions per call
  echo $((($(total "$1" 600) - $(total "$1" 200)) / 400))
}
printf '%-6s %12s %14s %8s\n' call sdk "plain reqwest" ratio
for kind in get post; do
  sdk=$(per_call "sdk-$kind")
  plain=$(per_call "plain-$kind")
  printf '%-6s %12d %14d %8s\n' "$kind" "$sdk" "$plain" "$(awk "BEGIN { printf \"%.3f\", $sdk / $plain }")"
done
