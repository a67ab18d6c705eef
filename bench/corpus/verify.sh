#!/usr/bin/env bash
# Verifies every corpus project (or the ids given as arguments):
#   1. bug.properties is complete and points at an existing file/line,
#   2. `mvn test` on the buggy project compiles and FAILS with failing tests,
#   3. fix.diff applies with `git apply`,
#   4. `mvn test` on the fixed project PASSES, running the same number of tests.
# Projects are checked one after another in throwaway copies; the corpus itself is
# never modified. Exits non-zero if any project is wrong.
#
# Usage: bench/corpus/verify.sh [id...]
# Env:   MVN (default: mvn), MVN_FLAGS (extra flags, e.g. -o), KEEP_TMP=1 to keep copies.
set -uo pipefail

CORPUS="$(cd "$(dirname "$0")" && pwd)"
MVN="${MVN:-mvn}"
MVN_FLAGS="${MVN_FLAGS:-}"
TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/kintsugi-corpus-verify.XXXXXX")"
if [[ "${KEEP_TMP:-0}" != 1 ]]; then
    trap 'rm -rf "$TMP_ROOT"' EXIT
fi

if [[ $# -gt 0 ]]; then
    ids=("$@")
else
    ids=()
    for dir in "$CORPUS"/*/; do
        [[ -f "$dir/bug.properties" ]] && ids+=("$(basename "$dir")")
    done
fi

# Prints "tests failures errors skipped" summed over the surefire XML reports of $1.
surefire_counts() {
    python3 - "$1/target/surefire-reports" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET
t = f = e = s = 0
for path in glob.glob(os.path.join(sys.argv[1], "TEST-*.xml")):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        t += int(suite.get("tests", 0)); f += int(suite.get("failures", 0))
        e += int(suite.get("errors", 0)); s += int(suite.get("skipped", 0))
print(t, f, e, s)
PY
}

prop() { # prop FILE KEY
    sed -n "s/^$2=//p" "$1" | head -n 1
}

ok=0
bad=0
failed_ids=()
start_all=$SECONDS

for id in "${ids[@]}"; do
    src="$CORPUS/$id"
    problem=""
    started=$SECONDS
    if [[ ! -f "$src/bug.properties" || ! -f "$src/fix.diff" || ! -f "$src/pom.xml" ]]; then
        problem="missing pom.xml, bug.properties or fix.diff"
    else
        props="$src/bug.properties"
        for key in id defectClass templateFixable buggyFile buggyLine junit description; do
            [[ -n "$(prop "$props" "$key")" ]] || problem="bug.properties lacks $key"
        done
        if [[ -z "$problem" ]]; then
            buggy_file="$(prop "$props" buggyFile)"
            buggy_line="$(prop "$props" buggyLine)"
            if [[ "$(prop "$props" id)" != "$id" ]]; then
                problem="bug.properties id does not match directory"
            elif [[ ! -f "$src/$buggy_file" ]]; then
                problem="buggyFile $buggy_file does not exist"
            elif (( buggy_line < 1 || buggy_line > $(wc -l < "$src/$buggy_file") )); then
                problem="buggyLine $buggy_line outside $buggy_file"
            fi
        fi
    fi

    buggy_summary="-"
    fixed_summary="-"
    if [[ -z "$problem" ]]; then
        work="$TMP_ROOT/$id"
        rm -rf "$work"
        mkdir -p "$work"
        (cd "$src" && tar --exclude=./target -cf - .) | (cd "$work" && tar -xf -)
        log="$TMP_ROOT/$id.buggy.log"
        if (cd "$work" && $MVN -B -q $MVN_FLAGS test) >"$log" 2>&1; then
            problem="buggy version passes its tests"
        elif [[ ! -d "$work/target/test-classes" ]] || grep -q "COMPILATION ERROR" "$log"; then
            problem="buggy version does not compile (see $log)"
        else
            read -r t f e s <<<"$(surefire_counts "$work")"
            buggy_summary="$t tests, $((f + e)) failing ($f assert, $e error)"
            if (( f + e == 0 )); then
                problem="build failed but no test failed (see $log)"
            elif (( t - f - e - s < 1 )); then
                problem="no test passes on the buggy version"
            fi
            buggy_tests=$t
        fi
    fi
    if [[ -z "$problem" ]]; then
        if ! (cd "$work" && git init -q && git apply --whitespace=nowarn fix.diff) >"$TMP_ROOT/$id.apply.log" 2>&1; then
            problem="fix.diff does not apply: $(head -n 1 "$TMP_ROOT/$id.apply.log")"
        fi
    fi
    if [[ -z "$problem" ]]; then
        rm -rf "$work/target"
        log="$TMP_ROOT/$id.fixed.log"
        if ! (cd "$work" && $MVN -B -q $MVN_FLAGS test) >"$log" 2>&1; then
            problem="fixed version fails (see $log)"
            [[ "${KEEP_TMP:-0}" == 1 ]] || { echo "----- $id fixed build output -----"; tail -n 40 "$log"; }
        else
            read -r t f e s <<<"$(surefire_counts "$work")"
            fixed_summary="$t tests, $((f + e)) failing"
            if (( t != buggy_tests )); then
                problem="fixed version ran $t tests, buggy version $buggy_tests"
            fi
        fi
    fi

    elapsed=$((SECONDS - started))
    if [[ -z "$problem" ]]; then
        ok=$((ok + 1))
        printf 'OK    %-34s buggy: %-40s fixed: %-20s %3ss\n' "$id" "$buggy_summary" "$fixed_summary" "$elapsed"
    else
        bad=$((bad + 1))
        failed_ids+=("$id")
        printf 'FAIL  %-34s %s\n' "$id" "$problem"
    fi
done

total=$((ok + bad))
echo "verify: $ok/$total projects OK ($bad wrong) in $((SECONDS - start_all))s${failed_ids:+ -- wrong: ${failed_ids[*]}}"
[[ $bad -eq 0 && $total -gt 0 ]]
