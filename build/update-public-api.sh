#!/usr/bin/env bash
# After an intended change to what a shipped library exposes, brings its PublicAPI.Unshipped.txt up to date so the
# build passes again and the change shows up in review:
#   - public symbols not declared yet (RS0016) are added, by the analyzer's own code fix run through dotnet format;
#   - declared symbols that are gone (RS0017, which has no code fix) are deleted from PublicAPI.Unshipped.txt, or, when
#     PublicAPI.Shipped.txt lists them, recorded in PublicAPI.Unshipped.txt as *REMOVED*<symbol> (the analyzer's
#     convention for removing a shipped API).
# Usage: build/update-public-api.sh [src/Project ...]   (default: every src project with a PublicAPI.Shipped.txt)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -gt 0 ]; then projects=("$@"); else projects=(); for f in src/*/PublicAPI.Shipped.txt; do projects+=("$(dirname "$f")"); done; fi

for project in "${projects[@]}"; do
  project=${project%/}
  echo "== $project: adding undeclared public symbols (RS0016)"
  # Generated code (obj/**/*.g.cs: the clients and DTOs NSwag writes) is public API too.
  dotnet format analyzers "$project" --diagnostics RS0016 --severity warn --include-generated

  echo "== $project: removing declared symbols that are gone (RS0017)"
  # Rebuilt without treating warnings as errors, so every framework reports every symbol.
  build_log=$(dotnet build "$project" --no-dependencies --no-incremental -nologo -p:TreatWarningsAsErrors=false 2>&1 || true)
  unshipped="$project/PublicAPI.Unshipped.txt"
  grep -oE "PublicAPI\.(Shipped|Unshipped)\.txt\([0-9]+,[0-9]+\): (warning|error) RS0017: Symbol '.*' is part of the declared API" <<<"$build_log" \
    | sed -E "s/^PublicAPI\.(Shipped|Unshipped)\.txt.*RS0017: Symbol '(.*)' is part of the declared API$/\1\t\2/" \
    | sort -u \
    | while IFS=$'\t' read -r file symbol; do
        if [ "$file" = Unshipped ]; then
          grep -vxF -- "$symbol" "$unshipped" >"$unshipped.tmp" || true
          mv "$unshipped.tmp" "$unshipped"
        else
          # dotnet format may leave the file without a final newline.
          if [ -n "$(tail -c1 "$unshipped")" ]; then echo >>"$unshipped"; fi
          echo "*REMOVED*$symbol" >>"$unshipped"
        fi
        echo "  $file: $symbol"
      done
done

echo "Review the PublicAPI.*.txt changes (git diff) and commit them with the change that caused them."
