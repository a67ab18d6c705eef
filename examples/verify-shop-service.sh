#!/usr/bin/env bash
# Checks that shop-service still does what `kintsugi demo` relies on:
#   1. its own tests pass with the planted bugs in place (`mvn test`);
#   2. each planted bug, reproduced by a test that calls the buggy method with the arguments its
#      trigger request produces (the shape of the reproduction test Kintsugi generates), is healed by
#      `kintsugi heal` with the intended template fix.
#
#   examples/verify-shop-service.sh                 # all bugs, <repo>/kintsugi
#   examples/verify-shop-service.sh null-coupon     # some bugs
#   KINTSUGI=/path/to/kintsugi MVN_FLAGS=-o examples/verify-shop-service.sh
#
# Heals run with --no-memory, so the shared fix memory neither helps nor learns. Needs git, mvn,
# java and python3. Prints one line per bug and exits non-zero if anything is off.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SERVICE="$HERE/shop-service"
KINTSUGI="${KINTSUGI:-$HERE/../kintsugi}"
MVN_FLAGS="${MVN_FLAGS:-}"
PKG_DIR="src/test/java/dev/kintsugi/example/shop"

# id | repro statement | a line the fix diff must add
BUGS=(
  'null-coupon|Discounts.discountCents(1490, "SPRING24")|+    if (coupon == null || subtotalCents < coupon.minimumCents()) {'
  'shipping-off-by-one|Shipping.costCents(5500)|+    return kilos < PARCEL_CENTS.length ? PARCEL_CENTS[kilos] : FREIGHT_CENTS;'
  'points-wrong-operator|Loyalty.points(2500, 0)|+    return paidCents / CENTS_PER_EURO * pointsPerEuro;'
  'recent-orders-bound|new OrderBook().recent("grace", 10)|Math.max(0, '
)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/verify-shop-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
failures=0

copy_service() { # DIR
  mkdir -p "$1"
  (cd "$SERVICE" && tar --exclude=./target -cf - .) | (cd "$1" && tar -xf -)
}

echo "shop-service: mvn test with the bugs in place"
copy_service "$WORK/base"
if (cd "$WORK/base" && mvn -B -q $MVN_FLAGS test >"$WORK/base.log" 2>&1); then
  echo "  ok    shipped tests pass"
else
  echo "  FAIL  shipped tests fail (see below)"; tail -40 "$WORK/base.log"; failures=$((failures + 1))
fi

for spec in "${BUGS[@]}"; do
  IFS='|' read -r id call expected <<<"$spec"
  if [[ $# -gt 0 && ! " $* " =~ " $id " ]]; then continue; fi
  dir="$WORK/$id"
  copy_service "$dir"
  cat >"$dir/$PKG_DIR/ReproductionTest.java" <<JAVA
package dev.kintsugi.example.shop;

import org.junit.jupiter.api.Test;

class ReproductionTest {

  @Test
  void reproduces() throws Throwable {
    $call;
  }
}
JAVA
  (cd "$dir" && git init -q && git add -A \
    && git -c user.name=verify -c user.email=verify@localhost commit -qm "shop-service with a repro")
  start=$(date +%s)
  set +e
  "$KINTSUGI" heal "$dir" --no-memory --report "$dir.json" >"$dir.out" 2>"$dir.err"
  set -e
  secs=$(($(date +%s) - start))
  verdict=$(python3 - "$dir.json" "$expected" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except Exception as e:
    print("FAIL  no report (%s)" % e); sys.exit()
fix = report.get("fix") or {}
if report.get("status") != "fixed":
    print("FAIL  %s: %s" % (report.get("status"), report.get("reason", "")))
elif sys.argv[2] not in fix.get("diff", ""):
    print("FAIL  fixed, but not as intended: %s" % fix.get("explanation", "").split(". ")[0])
else:
    print("ok    %s: %s" % (fix.get("repairer"), fix.get("explanation", "").split(" at ")[0]))
PY
)
  printf '  %-22s %3ss  %s\n' "$id" "$secs" "$verdict"
  [[ $verdict == ok* ]] || failures=$((failures + 1))
done

if [[ $failures -gt 0 ]]; then
  echo "shop-service: $failures problem(s)"; exit 1
fi
echo "shop-service: all good"
