#!/usr/bin/env bash
# Heals planted bugs in public Java projects: bench/real/run.sh CHECKOUTS_DIR [BUG_ID...]
#
# CHECKOUTS_DIR/<name> must be a git clone of each repository of repos.tsv holding its commit
# (fetched by you; nothing of it is committed here). For each bug of bugs.tsv (or only those named):
# plants it on a branch kintsugi-bench/<id> from the commit, runs `kintsugi heal` on the checkout,
# checks the checkout was left as it was, and checks a fix with the project's own `mvn test` on the
# fix branch (in a separate worktree). Prints one line per bug and fixed/total, the build's verdict
# on the fixes the fast path accepted and whether the fast path judged every test of the detect
# run as the build did (agreement), heal time against one `mvn test` of the project,
# and the per-candidate speed-up (one `mvn test` / validate time per tested candidate). Reports and
# logs go to bench/out/real/. HEAL_ARGS adds options to `kintsugi heal`, e.g. `--releases DIR` to
# heal from a prepared build of each commit (the production path).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
[[ $# -ge 1 && -d "$1" ]] || { echo "usage: $0 CHECKOUTS_DIR [BUG_ID...]" >&2; exit 2; }
CHECKOUTS="$(cd "$1" && pwd)"; shift
ONLY=("$@")
OUT="$ROOT/bench/out/real"; mkdir -p "$OUT"
MVN=(mvn -B -q ${MVN_FLAGS:-})

wanted() { [[ ${#ONLY[@]} -eq 0 ]] && return 0; local b; for b in "${ONLY[@]}"; do [[ $b == "$1" ]] && return 0; done; return 1; }
state() { git -C "$1" rev-parse HEAD; git -C "$1" symbolic-ref -q HEAD; git -C "$1" status --porcelain --untracked-files=all; }
now() { date +%s.%N; }

# One `mvn test` of the project at its commit, timed (the yardstick for heal time and speed-up).
declare -A MVN_SECONDS COMMIT
while IFS=$'\t' read -r name github commit note; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  dir="$CHECKOUTS/$name"
  if ! git -C "$dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "skip $name: $dir is not a clone of $github holding $commit" >&2; continue
  fi
  COMMIT[$name]=$commit
  wt="$OUT/$name-base"; rm -rf "$wt"; git -C "$dir" worktree prune
  git -C "$dir" worktree add -q --detach "$wt" "$commit"
  start=$(now); (cd "$wt" && "${MVN[@]}" test > "$OUT/$name-base.log" 2>&1); rc=$?; end=$(now)
  git -C "$dir" worktree remove --force "$wt"
  MVN_SECONDS[$name]=$(echo "$end - $start" | bc)
  printf '%s: one mvn test %.1f s (rc %s)\n' "$name" "${MVN_SECONDS[$name]}" "$rc"
done < "$HERE/repos.tsv"

total=0; fixed=0; agreed=0; fastagree=0; untouched=0; lines=()
while IFS=$'\t' read -r repo id kind file old new; do
  [[ -z "$repo" || "$repo" == \#* ]] && continue
  wanted "$id" || continue
  [[ -n "${COMMIT[$repo]:-}" ]] || continue
  dir="$CHECKOUTS/$repo"
  git -C "$dir" checkout -q -f -B "kintsugi-bench/$id" "${COMMIT[$repo]}"
  if ! python3 - "$dir/$file" "$old" "$new" <<'PY'
import sys
path, old, new = sys.argv[1:]
text = open(path, encoding="utf-8").read()
if text.count(old) != 1:
    sys.exit(f"{path}: expected exactly one occurrence of {old!r}, found {text.count(old)}")
open(path, "w", encoding="utf-8").write(text.replace(old, new))
PY
  then echo "$id: cannot plant" >&2; continue; fi
  git -C "$dir" -c user.email=bench@kintsugi -c user.name=bench commit -q -am "plant $id ($kind)"
  total=$((total + 1))
  before="$(state "$dir")"
  git -C "$dir" branch --list 'kintsugi/*' | xargs -r git -C "$dir" branch -q -D
  start=$(now)
  # shellcheck disable=SC2086 # HEAL_ARGS is a list of options
  "$ROOT/kintsugi" heal "$dir" --no-memory ${HEAL_ARGS:-} --report "$OUT/$id.json" > "$OUT/$id.log" 2>&1
  end=$(now)
  heal=$(echo "$end - $start" | bc)
  [[ "$(state "$dir")" == "$before" ]] && untouched=$((untouched + 1)) || echo "$id: the checkout changed!" >&2
  read -r status branch tested validate_ms fast warm < <(python3 - "$OUT/$id.json" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except Exception:
    print("no-report - 0 0 ? 0"); sys.exit()
c = r.get("candidates") or {}
# HealLoop warns "fast path disagrees with the build on N of M test(s)" after the coverage run.
fast = "disagrees" if any("fast path disagrees" in w for w in r.get("warnings", [])) else "agrees"
print(r.get("status", "?"), r.get("branch") or "-", c.get("tested", 0),
      (r.get("timingsMs") or {}).get("validate", 0), fast, c.get("warm", 0))
PY
)
  [[ "$fast" == agrees ]] && fastagree=$((fastagree + 1))
  build="-"
  if [[ "$status" == fixed ]]; then
    fixed=$((fixed + 1))
    wt="$OUT/$id-fix"; rm -rf "$wt"; git -C "$dir" worktree prune
    git -C "$dir" worktree add -q --detach "$wt" "$branch"
    if (cd "$wt" && "${MVN[@]}" test > "$OUT/$id-fix-build.log" 2>&1); then build=pass; agreed=$((agreed + 1)); else build=FAIL; fi
    git -C "$dir" worktree remove --force "$wt"
  fi
  mvn_s=${MVN_SECONDS[$repo]}
  speedup="-"
  if [[ "$tested" -gt 0 && "$validate_ms" -gt 0 ]]; then
    speedup=$(echo "scale=1; $mvn_s * 1000 * $tested / $validate_ms" | bc)
  fi
  line=$(printf '%-8s %-22s %-10s fast-vs-build:%-10s fix-build:%-4s heal %6.1f s = %4.1fx mvn test  tested %3s (warm %s)  per-candidate speed-up %s' \
    "$id" "$kind" "$status" "$fast" "$build" "$heal" "$(echo "$heal / $mvn_s" | bc -l)" "$tested" "$warm" "$speedup")
  echo "$line"; lines+=("$line")
  git -C "$dir" checkout -q -f "${COMMIT[$repo]}"
  git -C "$dir" branch --list 'kintsugi/*' | xargs -r git -C "$dir" branch -q -D
done < "$HERE/bugs.tsv"

echo
echo "fixed $fixed/$total; the build agrees with the fast path on $agreed/$fixed fixes and on every test of the"
echo "detect run in $fastagree/$total heals; checkouts untouched $untouched/$total"
