#!/usr/bin/env bash
# Builds the solution, runs every test project and ends with one line "N passed, N failed, N skipped" summed over
# dotnet test's results (one trx file per project, so no two projects can overwrite each other's results).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$root/TestResults"
rm -rf "$results"
dotnet build ScoreProbe.slnx -c Release -nologo -v q || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
status=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
done
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
if [[ $files -eq 0 ]]; then status=1; failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
