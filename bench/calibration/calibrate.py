#!/usr/bin/env python3
"""Confidence calibration: per confidence bucket, the share of delivered fixes that were correct
at the intended location (the planted bug's line).

usage: calibrate.py [--corpus bench/out/corpus-results.json] [--real bench/out/real]
                    [--bugs bench/real/bugs.tsv] [--json OUT]

- corpus: bench/corpus/run.sh's results; a fix is correct when it changes bug.properties'
  buggyLine in buggyFile (the runner's `fixAtBuggyLine`).
- real: bench/real/run.sh's reports (one <id>.json per planted bug of bugs.tsv); a fix is correct
  when its diff removes or replaces the planted line (the line holding the bug's NEW text) in the
  planted file.
Prints one row per bucket (fixes, correct, share, mean confidence), the expected calibration
error (ECE: bucket-weighted |share - mean confidence|) and the Brier score.
"""
import argparse
import json
import os
import sys

BUCKETS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0001)]


def corpus_points(path):
    if not os.path.exists(path):
        return []
    data = json.load(open(path))
    points = []
    for r in data.get("projects", []):
        if r.get("status") == "fixed" and isinstance(r.get("confidence"), (int, float)):
            points.append(("corpus", r["id"], float(r["confidence"]), bool(r.get("fixAtBuggyLine"))))
    return points


def removed_lines(diff, wanted_file):
    """Text of the lines a unified diff removes (or replaces) in files ending with wanted_file."""
    out, current = [], None
    for line in (diff or "").splitlines():
        if line.startswith("--- "):
            current = line[4:].strip()
            current = current[2:] if current.startswith("a/") else current
        elif line.startswith("+++ ") or line.startswith("@@"):
            continue
        elif current and (current == wanted_file or current.endswith("/" + wanted_file)
                          or wanted_file.endswith("/" + current)):
            if line.startswith("-"):
                out.append(line[1:].strip())
    return out


def real_points(out_dir, bugs_tsv):
    if not os.path.isdir(out_dir) or not os.path.exists(bugs_tsv):
        return []
    points = []
    for raw in open(bugs_tsv, encoding="utf-8"):
        if not raw.strip() or raw.startswith("#"):
            continue
        repo, bug_id, _kind, file, _old, new = raw.rstrip("\n").split("\t")
        report = os.path.join(out_dir, bug_id + ".json")
        if not os.path.exists(report):
            continue
        try:
            r = json.load(open(report))
        except ValueError:
            continue
        fix = r.get("fix") or {}
        if r.get("status") != "fixed" or not isinstance(fix.get("confidence"), (int, float)):
            continue
        planted = new.strip()
        correct = any(planted in removed or removed in planted and removed
                      for removed in removed_lines(fix.get("diff"), file))
        points.append(("real", bug_id, float(fix["confidence"]), correct))
    return points


def table(points):
    rows, ece, brier = [], 0.0, 0.0
    for low, high in BUCKETS:
        inside = [p for p in points if low <= p[2] < high]
        correct = sum(1 for p in inside if p[3])
        mean = sum(p[2] for p in inside) / len(inside) if inside else None
        share = correct / len(inside) if inside else None
        rows.append({"bucket": "[%.1f, %.1f%s" % (low, min(high, 1.0), "]" if high > 1 else ")"),
                     "fixes": len(inside), "correct": correct, "share": share, "meanConfidence": mean})
        if inside:
            ece += len(inside) / len(points) * abs(share - mean)
    for p in points:
        brier += (p[2] - (1.0 if p[3] else 0.0)) ** 2
    return rows, (ece if points else None), (brier / len(points) if points else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="bench/out/corpus-results.json")
    ap.add_argument("--real", default="bench/out/real")
    ap.add_argument("--bugs", default="bench/real/bugs.tsv")
    ap.add_argument("--json")
    args = ap.parse_args()
    points = corpus_points(args.corpus) + real_points(args.real, args.bugs)
    if not points:
        sys.exit("calibrate: no fixed heals with a confidence in %s or %s" % (args.corpus, args.real))
    rows, ece, brier = table(points)
    print("%-12s %6s %8s %7s %10s" % ("confidence", "fixes", "correct", "share", "mean conf"))
    for row in rows:
        print("%-12s %6d %8d %7s %10s" % (
            row["bucket"], row["fixes"], row["correct"],
            "-" if row["share"] is None else "%.2f" % row["share"],
            "-" if row["meanConfidence"] is None else "%.2f" % row["meanConfidence"]))
    total_correct = sum(1 for p in points if p[3])
    print("all %d fixes (%d corpus, %d real): %d correct at the intended location; ECE %.3f, Brier %.3f"
          % (len(points), sum(1 for p in points if p[0] == "corpus"),
             sum(1 for p in points if p[0] == "real"), total_correct, ece, brier))
    wrong = [p for p in points if not p[3]]
    if wrong:
        print("not at the intended location: " + ", ".join("%s (%.2f)" % (p[1], p[2]) for p in wrong))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"buckets": rows, "ece": ece, "brier": brier,
                       "points": [{"source": s, "id": i, "confidence": c, "correct": k}
                                  for s, i, c, k in points]}, fh, indent=2)
            fh.write("\n")


if __name__ == "__main__":
    main()
