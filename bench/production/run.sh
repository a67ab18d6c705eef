#!/usr/bin/env bash
# Production healing under a burst (issue 12): the demo's shop-service with its 4 planted bugs plus
# the 6 of bench/production/overlay, all triggered by one burst of traffic, healed twice in the same
# script: first on the sequential path (one heal at a time, no preparation), then on the default
# (fast) path. Prints, per incident, the seconds from its first error to its fix branch in both
# runs and their ratio, then per run: fixed count, median, max, and whether every incident was
# fixed in under 30 s and the median is under 15 s.
#
#   bench/production/run.sh                  # both runs, then the table
#   bench/production/run.sh --report DIR     # the table again, from the results of an earlier run
#
# Environment (all optional):
#   SEQUENTIAL_ARGS  demo options of the sequential run (default: --sequential)
#   FAST_ARGS        demo options of the fast run (default: none, the demo's default path)
#   DEMO_ARGS        demo options of both runs, e.g. "--verbose" or "--only page-past-the-end"
#   DEMO_TIMEOUT     seconds each run waits for its heals (default: 600)
#   KINTSUGI         the launcher (default: ./kintsugi of this checkout)
#   MVN_FLAGS        extra Maven flags for the service's build check, e.g. -o
#   RESULTS          where logs and reports go (default: bench/out/production-<date>-<time>)
#   LOCK_FILE        hold this flock(1) lock during each build and demo run (default: none)
#
# Exits non-zero only when the script cannot do its job (a build, a tool or a demo run fails);
# slow or unfixed incidents are results, not errors. Needs bash, java 17, mvn, tar, awk.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUGS_TSV="$HERE/bugs.tsv"
KINTSUGI="${KINTSUGI:-$ROOT/kintsugi}"
SEQUENTIAL_ARGS="${SEQUENTIAL_ARGS---sequential}"
FAST_ARGS="${FAST_ARGS-}"
DEMO_ARGS="${DEMO_ARGS-}"
DEMO_TIMEOUT="${DEMO_TIMEOUT:-600}"
MVN_FLAGS="${MVN_FLAGS-}"
LOCK_FILE="${LOCK_FILE-}"
MODES=(sequential fast)

die() { echo "run.sh: $*" >&2; exit 2; }

# Runs a command, holding LOCK_FILE when one is set (the machine's builds take turns).
locked() {
  if [[ -n $LOCK_FILE ]]; then flock "$LOCK_FILE" "$@"; else "$@"; fi
}

# ---------------------------------------------------------------------------------------------
# Reading a run: one line per incident, "id <TAB> status <TAB> seconds <TAB> bug <TAB> title".
# ---------------------------------------------------------------------------------------------

# The demo's per-incident lines (see Demo.finished in kintsugi-cli):
#   [  12.3s] incident  #4 StringIndexOutOfBoundsException: String index out of range: 9
#   [ 110.5s] fixed     #4 → kintsugi/fix-73fd7652, 100.9 s after the first error (...)
#   [ 110.5s] not_fixed #4: <why>
# Status "pending" for an incident whose heal did not end before the demo stopped waiting.
parse_log() { # LOG
  awk '
    /^\[ *[0-9.]+s\] incident +#[0-9]+ / {
      s = $0; sub(/^\[[^]]*\] incident +#/, "", s)
      n = s; sub(/ .*$/, "", n)
      t = s; sub(/^[0-9]+ /, "", t)
      if (!(n in title)) { order[++count] = n }
      title[n] = t
      next
    }
    /^\[ *[0-9.]+s\] [a-z_]+ +#[0-9]+ .* s after the first error/ {
      s = $0; sub(/^\[[^]]*\] /, "", s)
      st = s; sub(/ .*$/, "", st)
      sub(/^[a-z_]+ +#/, "", s)
      n = s; sub(/ .*$/, "", n)
      secs = s; sub(/ s after the first error.*$/, "", secs); sub(/^.*, /, "", secs)
      status[n] = st; seconds[n] = secs
      if (!(n in title)) { order[++count] = n; title[n] = "?" }
      next
    }
    /^\[ *[0-9.]+s\] [a-z_]+ +#[0-9]+: / {
      s = $0; sub(/^\[[^]]*\] /, "", s)
      st = s; sub(/ .*$/, "", st)
      sub(/^[a-z_]+ +#/, "", s)
      n = s; sub(/:.*$/, "", n)
      status[n] = st; seconds[n] = "-"
      if (!(n in title)) { order[++count] = n; title[n] = "?" }
      next
    }
    END {
      for (i = 1; i <= count; i++) {
        n = order[i]
        printf "%s\t%s\t%s\t%s\n", n, (n in status) ? status[n] : "pending",
          (n in seconds) ? seconds[n] : "-", title[n]
      }
    }' "$1"
}

# The planted bug behind an incident: the bugs.tsv row whose exception is the title's and whose
# file the heal report names first (its diagnosis starts at the throw site; a fix diff names the
# fixed file). "?" without a report that names one.
bug_of() { # TITLE REPORT
  local exception="${1%%:*}" files=""
  exception="${exception##*.}"
  if [[ -f $2 ]]; then
    files="$(grep -o 'src/main/java/[A-Za-z0-9_/$.-]*\.java' "$2" | awk '!seen[$0]++' || true)"
  fi
  printf '%s\n' "$files" | awk -F '\t' -v exc="$exception" '
    FNR == NR { if (FNR > 1 && $5 == exc) file[$3] = $1; next }
    ($0 in file) && found == "" { found = file[$0] }
    END { print found != "" ? found : "?" }' "$BUGS_TSV" -
}

# The planted bugs the run's traffic hit, from "... failed with 500 (N planted bug(s) hit: a, b)".
bugs_hit() { # LOG
  sed -n 's/.*planted bug(s) hit: \(.*\))$/\1/p' "$1" | tail -n 1 | tr -d ' '
}

incidents() { # RESULTS MODE
  local n status seconds title
  [[ -f $1/$2.log ]] || return 0
  while IFS=$'\t' read -r n status seconds title; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$status" "$seconds" \
      "$(bug_of "$title" "$1/$2/reports/incident-$n.json")" "$title"
  done < <(parse_log "$1/$2.log" | sort -n) \
    | awk -F '\t' -v OFS='\t' -v hit="$(bugs_hit "$1/$2.log")" '
      # An incident without a report (its heal never ended): the one bug hit with its exception
      # that no other incident of the run is.
      FNR == NR { if (FNR > 1) { exc[$1] = $5; bugs[++nbugs] = $1 } ; next }
      { line[++n] = $0; if ($4 != "?") taken[$4] = 1 }
      END {
        split(hit, h, ","); for (i in h) wasHit[h[i]] = 1
        for (i = 1; i <= n; i++) {
          split(line[i], f, "\t")
          if (f[4] == "?") {
            e = f[5]; sub(/:.*$/, "", e); sub(/^.*\./, "", e); pick = ""; count = 0
            for (j = 1; j <= nbugs; j++) {
              b = bugs[j]
              if (exc[b] == e && !(b in taken) && (hit == "" || (b in wasHit))) {
                pick = b; count++
              }
            }
            if (count == 1) { f[4] = pick; taken[pick] = 1 }
          }
          print f[1], f[2], f[3], f[4], f[5]
        }
      }' "$BUGS_TSV" -
}

# How many planted bugs a run's traffic hit.
hit_count() { # LOG
  bugs_hit "$1" | awk -F , '{ print NF }'
}

report() { # RESULTS
  local results="$1" mode
  for mode in "${MODES[@]}"; do
    [[ -f $results/$mode.log ]] || die "no $mode.log in $results"
    incidents "$results" "$mode" > "$results/$mode.tsv"
  done
  echo
  echo "Per incident: seconds from its first error to its fix branch"
  echo "(results: $results)"
  echo
  awk -F '\t' -v hit_seq="$(hit_count "$results/sequential.log")" \
    -v hit_fast="$(hit_count "$results/fast.log")" '
    function timed(s) { return s != "" && s != "-" }
    function cell(status, s) {
      if (timed(s)) return sprintf("%.1f s", s)
      return status == "" ? "(none)" : status
    }
    function median(v, k,    i, j, t) { # sorts v[1..k] in place
      for (i = 2; i <= k; i++) {
        t = v[i]
        for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]
        v[j + 1] = t
      }
      if (k == 0) return ""
      return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
    }
    function line(label, a, b) { printf "%-66s %11s %11s\n", label, a, b }

    # bugs.tsv: the rows, in order.
    FILENAME == ARGV[1] { if (FNR > 1) { row[++rows] = $1; exc[$1] = $5 } ; next }

    # <mode>.tsv: id, status, seconds, bug, title.
    {
      m = FILENAME ~ /sequential\.tsv$/ ? "seq" : "fast"
      k = $4 != "?" ? $4 : "? " $5
      if (!(k in seen)) {
        seen[k] = 1
        if ($4 == "?") { row[rows + (++extras)] = k; exc[k] = "?" }
      }
      status[m, k] = $2; secs[m, k] = $3
      count[m]++
      if (timed($3)) {
        fixed[m]++; vals[m, fixed[m]] = $3 + 0
        if ($3 + 0 > max[m]) max[m] = $3 + 0
      }
    }

    END {
      printf "%-32s %-33s %11s %11s %7s\n", "bug", "exception", "sequential", "fast", "ratio"
      for (i = 1; i <= rows + extras; i++) {
        k = row[i]
        if (!(k in seen)) continue
        ratio = "-"
        if (timed(secs["seq", k]) && timed(secs["fast", k]) && secs["fast", k] > 0)
          ratio = sprintf("%.2f", secs["seq", k] / secs["fast", k])
        printf "%-32s %-33s %11s %11s %7s\n", substr(k, 1, 32), exc[k],
          cell(status["seq", k], secs["seq", k]), cell(status["fast", k], secs["fast", k]), ratio
      }
      hit["seq"] = hit_seq; hit["fast"] = hit_fast
      for (i = 1; i <= 2; i++) {
        m = i == 1 ? "seq" : "fast"
        f = fixed[m] + 0
        expected = hit[m] + 0 > count[m] + 0 ? hit[m] + 0 : count[m] + 0
        for (j = 1; j <= f; j++) v[j] = vals[m, j]
        med = median(v, f)
        done[m] = f "/" expected
        medcell[m] = med == "" ? "-" : sprintf("%.1f s", med)
        maxcell[m] = f == 0 ? "-" : sprintf("%.1f s", max[m])
        all30[m] = f == expected && f > 0 && max[m] < 30 ? "yes" : "no"
        med15[m] = med != "" && med < 15 ? "yes" : "no"
      }
      print ""
      line("", "sequential", "fast")
      line("fixed / incidents (bugs hit)", done["seq"], done["fast"])
      line("median, fixed incidents", medcell["seq"], medcell["fast"])
      line("max, fixed incidents", maxcell["seq"], maxcell["fast"])
      line("every incident fixed in under 30 s", all30["seq"], all30["fast"])
      line("median under 15 s", med15["seq"], med15["fast"])
    }' "$BUGS_TSV" "$results/sequential.tsv" "$results/fast.tsv"
}

if [[ ${1:-} == --report ]]; then
  [[ $# -eq 2 && -d $2 ]] || die "usage: $0 --report RESULTS_DIR"
  report "$(cd "$2" && pwd)" | tee "$2/summary.txt"
  exit 0
fi
[[ $# -eq 0 ]] || die "usage: $0 [--report RESULTS_DIR] (demo options go in the environment)"

# ---------------------------------------------------------------------------------------------
# Tools, options, the overlaid service.
# ---------------------------------------------------------------------------------------------
for tool in java mvn tar awk sed grep; do
  command -v "$tool" > /dev/null || die "$tool is needed"
done
[[ -z $LOCK_FILE ]] || command -v flock > /dev/null || die "flock is needed for LOCK_FILE"
[[ -x $KINTSUGI ]] || die "no Kintsugi launcher at $KINTSUGI"
[[ $DEMO_TIMEOUT =~ ^[0-9]+$ ]] || die "DEMO_TIMEOUT must be a number of seconds"
read -r -a DEMO_OPTS <<< "$DEMO_ARGS"
read -r -a SEQUENTIAL_OPTS <<< "$SEQUENTIAL_ARGS"
read -r -a FAST_OPTS <<< "$FAST_ARGS"

# Every option given must be one `kintsugi demo` knows (--sequential is new; an older build
# would fail the first run only after building and starting everything).
help="$(locked "$KINTSUGI" demo --help 2>&1)" || die "kintsugi demo --help failed: $help"
for option in "${DEMO_OPTS[@]}" "${SEQUENTIAL_OPTS[@]}" "${FAST_OPTS[@]}"; do
  [[ $option == --* ]] || continue
  grep -q -- "${option%%=*}\b" <<< "$help" \
    || die "kintsugi demo has no option ${option%%=*} (see SEQUENTIAL_ARGS, FAST_ARGS, DEMO_ARGS;" \
      "SEQUENTIAL_ARGS= runs the demo's default path first)"
done

RESULTS="${RESULTS:-$ROOT/bench/out/production-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$RESULTS"
RESULTS="$(cd "$RESULTS" && pwd)"
for mode in "${MODES[@]}"; do
  [[ ! -e $RESULTS/$mode ]] || die "$RESULTS/$mode exists: pick a new RESULTS directory"
done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kintsugi-bench-production-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "Assembling the service: examples/shop-service + bench/production/overlay"
SERVICE="$WORK/shop-service"
mkdir -p "$SERVICE"
(cd "$ROOT/examples/shop-service" && tar --exclude=./target -cf - .) | (cd "$SERVICE" && tar -xf -)
(cd "$HERE/overlay" && tar -cf - .) | (cd "$SERVICE" && tar -xf -)

echo "Building it: its tests must pass with all the bugs in place (log: $RESULTS/build.log)"
# shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
if ! (cd "$SERVICE" && locked mvn -B $MVN_FLAGS test > "$RESULTS/build.log" 2>&1); then
  tail -n 40 "$RESULTS/build.log" >&2
  die "the overlaid service does not build or its tests fail"
fi
grep -h 'Tests run:' "$RESULTS/build.log" | tail -n 1 | sed 's/^\[[A-Z]*\] */  /'
rm -rf "$SERVICE/target"

{
  echo "kintsugi: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cores: $(nproc 2>/dev/null || echo '?')"
  echo "load before: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?')"
  echo "DEMO_ARGS=$DEMO_ARGS"
  echo "SEQUENTIAL_ARGS=$SEQUENTIAL_ARGS"
  echo "FAST_ARGS=$FAST_ARGS"
  echo "DEMO_TIMEOUT=$DEMO_TIMEOUT"
} > "$RESULTS/settings.txt"

# ---------------------------------------------------------------------------------------------
# The two runs: the same service, traffic and machine; only the heal path differs.
# ---------------------------------------------------------------------------------------------
for mode in "${MODES[@]}"; do
  opts=("${FAST_OPTS[@]}")
  [[ $mode == fast ]] || opts=("${SEQUENTIAL_OPTS[@]}")
  cmd=("$KINTSUGI" demo --example "$SERVICE" --work-dir "$RESULTS/$mode" --timeout "$DEMO_TIMEOUT"
    "${DEMO_OPTS[@]}" "${opts[@]}")
  echo "$mode run: ${cmd[*]:1}"
  echo "  log: $RESULTS/$mode.log"
  start=$(date +%s)
  rc=0
  locked "${cmd[@]}" > "$RESULTS/$mode.log" 2>&1 || rc=$?
  # 0: every incident fixed; 1: some were not (a result). Anything else: the demo itself failed.
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    tail -n 30 "$RESULTS/$mode.log" >&2
    die "the $mode run failed (exit $rc)"
  fi
  if ! grep -q 'planted bug(s) hit' "$RESULTS/$mode.log"; then
    tail -n 30 "$RESULTS/$mode.log" >&2
    die "the $mode run sent no traffic (exit $rc)"
  fi
  echo "  done after $(($(date +%s) - start)) s${LOCK_FILE:+, waiting for the lock included} (exit $rc)"
done

report "$RESULTS" | tee "$RESULTS/summary.txt"
