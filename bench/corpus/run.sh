#!/usr/bin/env bash
# Heals every corpus project (or the given ids) with Kintsugi and reports the results.
#
# Usage: bench/corpus/run.sh [KINTSUGI_CMD] [id...]
#   KINTSUGI_CMD  the kintsugi command (may contain arguments, e.g. "java -jar k.jar").
#                 Taken from the first argument unless that argument is a project id;
#                 otherwise from $KINTSUGI_CMD, else from $KINTSUGI, else <repo>/kintsugi.
#   id...         project ids (directory names); default: all projects.
# Env:
#   HEAL_TIMEOUT  seconds allowed per heal (default 1800); a timed-out heal counts as "error".
#   HEAL_ARGS     more options for `kintsugi heal` (e.g. --no-memory).
#   RESULTS       where to write the JSON results (default <repo>/bench/out/corpus-results.json).
#   KEEP_TMP=1    keep the temporary checkouts (printed at the end).
#   MVN, MVN_FLAGS Maven command and extra flags for confirming fixes.
#
# For each project: copy it to a temp dir, make it a git repository with one commit, record
# HEAD/branch/status, run `$KINTSUGI heal DIR --report DIR.report.json`, time it, check that the
# checkout is untouched (same HEAD, same branch, clean status), read the report, and for a
# reported fix check out the fix branch and confirm `mvn test` passes.
#
# Exit status: 0 when the run completed and nothing was violated; 1 if any checkout was
# touched or a reported fix does not pass the tests; 2 on usage errors.
set -uo pipefail

CORPUS="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$CORPUS/../.." && pwd)"
MVN="${MVN:-mvn}"
MVN_FLAGS="${MVN_FLAGS:-}"
HEAL_TIMEOUT="${HEAL_TIMEOUT:-1800}"
RESULTS="${RESULTS:-$REPO/bench/out/corpus-results.json}"

is_project() { [[ -n "$1" && "$1" != */* && -f "$CORPUS/$1/bug.properties" ]]; }

KINTSUGI="${KINTSUGI_CMD:-${KINTSUGI:-$REPO/kintsugi}}"
if [[ $# -gt 0 ]] && ! is_project "$1"; then
    KINTSUGI="$1"
    shift
fi
read -r -a KINTSUGI_ARGV <<<"$KINTSUGI"
if [[ ${#KINTSUGI_ARGV[@]} -eq 0 ]]; then
    echo "run.sh: empty kintsugi command" >&2
    exit 2
fi
if ! command -v "${KINTSUGI_ARGV[0]}" >/dev/null 2>&1; then
    echo "run.sh: warning: kintsugi command not found: ${KINTSUGI_ARGV[0]} (every heal will be an error)" >&2
fi

ids=()
if [[ $# -gt 0 ]]; then
    for id in "$@"; do
        id="${id%/}"
        if ! is_project "$id"; then
            echo "run.sh: unknown project id: $id" >&2
            exit 2
        fi
        ids+=("$id")
    done
else
    for dir in "$CORPUS"/*/; do
        id="$(basename "$dir")"
        is_project "$id" && ids+=("$id")
    done
fi

TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/kintsugi-corpus-run.XXXXXX")"
if [[ "${KEEP_TMP:-0}" != 1 ]]; then
    trap 'rm -rf "$TMP_ROOT"' EXIT
fi
RECORDS="$TMP_ROOT/records.jsonl"
: >"$RECORDS"

prop() { sed -n "s/^$2=//p" "$1" | head -n 1; }
now_ms() { date +%s%3N; }

echo "kintsugi: ${KINTSUGI_ARGV[*]}"
echo "projects: ${#ids[@]}   temp: $TMP_ROOT"
echo

for id in "${ids[@]}"; do
    src="$CORPUS/$id"
    dir="$TMP_ROOT/$id"
    report="$dir.report.json"
    log="$dir.heal.log"
    note=""

    mkdir -p "$dir"
    # The checkout holds only the Maven project: the answer key (bug.properties, fix.diff) stays behind.
    (cd "$src" && tar --exclude=./target --exclude=./bug.properties --exclude=./fix.diff -cf - .) \
        | (cd "$dir" && tar -xf -)
    git -C "$dir" init -q
    git -C "$dir" config user.name "Kintsugi Corpus"
    git -C "$dir" config user.email "corpus@kintsugi.invalid"
    git -C "$dir" config commit.gpgsign false
    git -C "$dir" add -A
    git -C "$dir" commit -q -m "$id: buggy version"
    head_before="$(git -C "$dir" rev-parse HEAD)"
    branch_before="$(git -C "$dir" symbolic-ref -q --short HEAD || echo DETACHED)"
    status_before="$(git -C "$dir" status --porcelain)"
    branches_before="$(git -C "$dir" for-each-ref --format='%(refname:short)' refs/heads | sort)"

    t0=$(now_ms)
    timeout --kill-after=30 "$HEAL_TIMEOUT" "${KINTSUGI_ARGV[@]}" heal "$dir" ${HEAL_ARGS:-} --report "$report" >"$log" 2>&1
    heal_exit=$?
    t1=$(now_ms)
    [[ $heal_exit -eq 124 || $heal_exit -eq 137 ]] && note="heal timed out after ${HEAL_TIMEOUT}s"

    head_after="$(git -C "$dir" rev-parse HEAD 2>/dev/null || echo MISSING)"
    branch_after="$(git -C "$dir" symbolic-ref -q --short HEAD || echo DETACHED)"
    status_after="$(git -C "$dir" status --porcelain 2>&1)"
    untouched=true
    if [[ "$head_after" != "$head_before" || "$branch_after" != "$branch_before" \
          || -n "$status_after" || -n "$status_before" ]]; then
        untouched=false
    fi
    branches_after="$(git -C "$dir" for-each-ref --format='%(refname:short)' refs/heads | sort)"
    new_branches="$(comm -13 <(echo "$branches_before") <(echo "$branches_after") | paste -sd, -)"

    # Read the report; a missing or unreadable report is an error.
    parsed="$(python3 - "$report" <<'PY'
import json, sys
try:
    with open(sys.argv[1]) as fh:
        r = json.load(fh)
except FileNotFoundError:
    print(json.dumps({"reportError": "no report written"})); sys.exit()
except Exception as exc:
    print(json.dumps({"reportError": "unreadable report: %s" % exc})); sys.exit()
def get(obj, *path):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj
fix = get(r, "fix") if isinstance(get(r, "fix"), dict) else {}
locs = get(r, "diagnosis", "locations")
print(json.dumps({
    "status": get(r, "status"),
    "candidatesTested": get(r, "candidates", "tested"),
    "toFirstPlausible": get(r, "candidates", "toFirstPlausible"),
    "reportTotalMs": get(r, "timingsMs", "total"),
    "fixFiles": fix.get("files"),
    "fixRepairer": fix.get("repairer"),
    "fixBranch": fix.get("branch"),
    "fixDiff": fix.get("diff"),
    "fixConcerns": fix.get("concerns"),
    "fixAlternatives": len(fix.get("alternatives") or []),
    "confidence": fix.get("confidence"),
    "topLocation": locs[0] if isinstance(locs, list) and locs else None,
    "locations": locs if isinstance(locs, list) else None,
}))
PY
)"
    status="$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d.get("status") or "error")' "$parsed")"
    report_error="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("reportError",""))' "$parsed")"
    [[ -n "$report_error" && -z "$note" ]] && note="$report_error (exit $heal_exit)"
    case "$status" in fixed|not_fixed|error|healthy) ;; *) note="unknown status '$status'"; status=error ;; esac

    # Confirm a reported fix: check out the fix branch in the temp copy and run the tests.
    fix_branch=""
    fix_verified=null
    fix_files_git=""
    if [[ "$status" == fixed ]]; then
        fix_branch="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("fixBranch") or "")' "$parsed")"
        if [[ -z "$fix_branch" && -n "$new_branches" && "$new_branches" != *,* ]]; then
            fix_branch="$new_branches"
        fi
        if [[ -z "$fix_branch" ]]; then
            fix_verified=false
            note="reported fixed but no fix branch found (new branches: ${new_branches:-none})"
        elif ! { git -C "$dir" checkout -q -f "$fix_branch" && git -C "$dir" clean -fdq; } 2>>"$log"; then
            fix_verified=false
            note="cannot check out fix branch $fix_branch"
        else
            fix_files_git="$(git -C "$dir" diff --name-only "$head_before" HEAD | paste -sd, -)"
            rm -rf "$dir/target"
            if (cd "$dir" && $MVN -B -q $MVN_FLAGS test) >"$dir.confirm.log" 2>&1; then
                fix_verified=true
            else
                fix_verified=false
                note="fix branch $fix_branch does not pass mvn test"
            fi
        fi
    fi

    R_ID="$id" R_PROPS="$src/bug.properties" R_STATUS="$status" R_EXIT="$heal_exit" \
    R_WALL_MS="$((t1 - t0))" R_FIX_FILES_GIT="$fix_files_git" R_FIX_BRANCH="$fix_branch" \
    R_FIX_VERIFIED="$fix_verified" R_UNTOUCHED="$untouched" R_NEW_BRANCHES="$new_branches" R_NOTE="$note" \
    python3 - "$RECORDS" "$parsed" <<'PY'
import json, os, sys
env = os.environ
props = {}
with open(env["R_PROPS"], encoding="utf-8") as fh:
    for line in fh:
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, value = line.rstrip("\n").partition("=")
            props.setdefault(key.strip(), value.strip())
rec = json.loads(sys.argv[2])
rec.pop("reportError", None)
locations = rec.pop("locations", None)
buggy_file = props.get("buggyFile", "")
buggy_line = int(props.get("buggyLine", "0") or 0)
status = env["R_STATUS"]
files = rec.get("fixFiles")
if not isinstance(files, list):
    files = [f for f in env["R_FIX_FILES_GIT"].split(",") if f] or None
def same_file(path):
    path = str(path).replace("\\", "/")
    return path == buggy_file or path.endswith("/" + buggy_file) or buggy_file.endswith("/" + path)
def loc_of(entry):
    if isinstance(entry, dict):
        return (entry.get("file") or entry.get("path") or entry.get("sourceFile"),
                entry.get("line") or entry.get("startLine"))
    if isinstance(entry, str) and ":" in entry:
        f, _, l = entry.rpartition(":")
        return f, l
    return None, None
rank = None
for i, entry in enumerate(locations or []):
    f, l = loc_of(entry)
    try:
        if f and same_file(f) and int(l) == buggy_line:
            rank = i + 1
            break
    except (TypeError, ValueError):
        pass
verified = {"true": True, "false": False}.get(env["R_FIX_VERIFIED"])
def changed_old_lines(diff, wanted):
    """Original line numbers a unified diff changes in files matching `wanted` (an insertion
    counts as both lines it goes between)."""
    lines, current, old = set(), None, 0
    for line in (diff or "").splitlines():
        if line.startswith("--- "):
            current = line[4:].strip()
            current = current[2:] if current.startswith("a/") else current
        elif line.startswith("+++ "):
            continue
        elif line.startswith("@@"):
            old = int(line.split()[1].split(",")[0].lstrip("-"))
        elif current and wanted(current):
            if line.startswith("-"):
                lines.add(old)
                old += 1
            elif line.startswith("+"):
                lines.update((old - 1, old))
            else:
                old += 1
    return lines
diff = rec.pop("fixDiff", None)
at_line = (buggy_line in changed_old_lines(diff, same_file)) if status == "fixed" and diff else None
rec.update({
    "id": env["R_ID"],
    "defectClass": props.get("defectClass"),
    "templateFixable": props.get("templateFixable") == "true",
    "junit": props.get("junit"),
    "buggyFile": buggy_file,
    "buggyLine": buggy_line,
    "status": status,
    "healExitCode": int(env["R_EXIT"]),
    "wallMs": int(env["R_WALL_MS"]),
    "fixFiles": files,
    "fixBranch": env["R_FIX_BRANCH"] or None,
    "fixTouchedBuggyFile": (any(same_file(f) for f in files) if files else False) if status == "fixed" else None,
    "fixVerified": verified,
    "fixAtBuggyLine": at_line,
    "buggyLineRank": rank,
    "checkoutUntouched": env["R_UNTOUCHED"] == "true",
    "newBranches": [b for b in env["R_NEW_BRANCHES"].split(",") if b],
    "note": env["R_NOTE"] or None,
})
with open(sys.argv[1], "a", encoding="utf-8") as fh:
    fh.write(json.dumps(rec) + "\n")
PY
    printf '  %-34s %-10s %6.1fs%s\n' "$id" "$status" "$(( t1 - t0 ))e-3" "${note:+  ($note)}"
    if [[ "$untouched" != true ]]; then
        echo "  !! $id: checkout touched: HEAD ${head_before:0:12} -> ${head_after:0:12}, branch $branch_before -> $branch_after, status: $(echo "${status_after:-clean}" | head -n 3 | paste -sd';' -)"
    fi
done

echo
mkdir -p "$(dirname "$RESULTS")"
python3 - "$RECORDS" "$RESULTS" "${KINTSUGI_ARGV[*]}" <<'PY'
import json, statistics, sys, datetime
records = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def med(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None
def yn(v):
    return "-" if v is None else ("yes" if v else "no")
header = ("id", "defect class", "tmpl", "status", "secs", "cands", "to1st", "buggyFile", "buggyLine", "alts", "verified", "checkout")
rows = [(r["id"], r["defectClass"], "yes" if r["templateFixable"] else "no", r["status"],
         "%.1f" % (r["wallMs"] / 1000.0),
         "-" if r.get("candidatesTested") is None else str(r["candidatesTested"]),
         "-" if not r.get("toFirstPlausible") else str(r["toFirstPlausible"]),
         yn(r.get("fixTouchedBuggyFile")), yn(r.get("fixAtBuggyLine")),
         "-" if r["status"] != "fixed" else str(r.get("fixAlternatives") or 0), yn(r.get("fixVerified")),
         "ok" if r["checkoutUntouched"] else "TOUCHED") for r in records]
widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
fmt = "  ".join("%%-%ds" % w for w in widths)
print(fmt % header)
print(fmt % tuple("-" * w for w in widths))
for row in rows:
    print(fmt % row)
total = len(records)
fixed = [r for r in records if r["status"] == "fixed"]
fixed_ok = [r for r in fixed if r.get("fixVerified")]
tf = [r for r in records if r["templateFixable"]]
tf_fixed = [r for r in tf if r["status"] == "fixed"]
untouched = sum(1 for r in records if r["checkoutUntouched"])
statuses = {}
for r in records:
    statuses[r["status"]] = statuses.get(r["status"], 0) + 1
med_secs = med([r["wallMs"] / 1000.0 for r in records])
med_cands = med([r.get("candidatesTested") for r in records])
summary = {
    "total": total,
    "fixed": len(fixed),
    "fixedVerified": len(fixed_ok),
    "templateFixable": len(tf),
    "fixedTemplateFixable": len(tf_fixed),
    "fixedNotTemplateFixable": len(fixed) - len(tf_fixed),
    "statusCounts": statuses,
    "medianSeconds": med_secs,
    "medianCandidatesTested": med_cands,
    "checkoutsUntouched": untouched,
    "fixTouchedBuggyFile": sum(1 for r in fixed if r.get("fixTouchedBuggyFile")),
    "fixAtBuggyLine": sum(1 for r in fixed if r.get("fixAtBuggyLine")),
    "toFirstPlausibleTotal": sum(r.get("toFirstPlausible") or 0 for r in fixed),
    "fixedByLearnedPattern": sum(1 for r in fixed if str(r.get("fixRepairer") or "").startswith("pattern:")),
}
print()
print("fixed: %d/%d (verified by mvn test: %d)   fixed/templateFixable: %d/%d   not-template fixed: %d"
      % (len(fixed), total, len(fixed_ok), len(tf_fixed), len(tf), len(fixed) - len(tf_fixed)))
print("median seconds: %s   median candidates tested: %s   checkouts untouched: %d/%d"
      % ("-" if med_secs is None else "%.1f" % med_secs, "-" if med_cands is None else med_cands, untouched, total))
print("fixes at the planted bug's file: %d/%d, at its line: %d/%d"
      % (summary["fixTouchedBuggyFile"], len(fixed), summary["fixAtBuggyLine"], len(fixed)))
print("candidates tested to the first plausible fix, summed over fixes: %d; fixed by a learned pattern: %d"
      % (summary["toFirstPlausibleTotal"], summary["fixedByLearnedPattern"]))
print("statuses: " + ", ".join("%s=%d" % kv for kv in sorted(statuses.items())))
out = {
    "generatedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "kintsugi": sys.argv[3],
    "summary": summary,
    "projects": records,
}
with open(sys.argv[2], "w") as fh:
    json.dump(out, fh, indent=2)
    fh.write("\n")
print("results: " + sys.argv[2])
violations = untouched < total or any(r["status"] == "fixed" and not r.get("fixVerified") for r in records)
sys.exit(1 if violations else 0)
PY
rc=$?
[[ "${KEEP_TMP:-0}" == 1 ]] && echo "temporary checkouts kept in $TMP_ROOT"
exit $rc
