#!/usr/bin/env bash
# Runs the whole fuzz suite (every command, option and value class; tests/ScoreProbe.Cli.Tests/Fuzz) and writes its
# table into docs/fuzz.md between the fuzz-table markers. Extra arguments go to `dotnet test`.
# Settings (environment): SCOREPROBE_FUZZ_JOBS (processes at a time, default the core count), SCOREPROBE_FUZZ_TIMEOUT
# (seconds per case, default 90), SCOREPROBE_FUZZ_ONLY (comma-separated case-id prefixes, e.g. "spde,estimate --bootstrap").
# The exit status is dotnet test's: non-zero when a case broke the contract outside the marked known faults.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work="$(mktemp -d "${TMPDIR:-/tmp}/scoreprobe-fuzz-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT

dotnet build tests/ScoreProbe.Cli.Tests -c Release -nologo -v q || exit 1
echo "fuzz: running the full suite; progress in $work/cases.log" >&2
SCOREPROBE_FUZZ=full SCOREPROBE_FUZZ_TABLE="$work/table.md" SCOREPROBE_FUZZ_LOG="$work/cases.log" \
  dotnet test tests/ScoreProbe.Cli.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~Fuzz.FuzzTests.Every_case_keeps_the_bad_input_contract" "$@"
status=$?

if [[ -s "$work/table.md" ]]; then
  doc=docs/fuzz.md
  start='<!-- fuzz-table:start -->'
  end='<!-- fuzz-table:end -->'
  {
    sed "/$start/q" "$doc"
    echo
    echo "Run $(date -u +%Y-%m-%d) on $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg)) with \`scripts/fuzz.sh\`."
    echo
    cat "$work/table.md"
    echo
    sed -n "/$end/,\$p" "$doc"
  } > "$work/fuzz.md"
  mv "$work/fuzz.md" "$doc"
  echo "fuzz: table written to $doc" >&2
else
  echo "fuzz: no table was written (the suite stopped early; see the output above)" >&2
fi
exit $status
