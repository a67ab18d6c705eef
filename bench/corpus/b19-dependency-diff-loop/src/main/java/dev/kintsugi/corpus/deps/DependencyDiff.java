package dev.kintsugi.corpus.deps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Compares two lock files (artifact -> version) for the release notes. */
public class DependencyDiff {

    public static final class Report {
        public final List<String> added = new ArrayList<>();
        public final List<String> removed = new ArrayList<>();
        public final List<String> changed = new ArrayList<>();

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }

        public String render() {
            StringBuilder out = new StringBuilder();
            added.forEach(line -> out.append("+ ").append(line).append('\n'));
            removed.forEach(line -> out.append("- ").append(line).append('\n'));
            changed.forEach(line -> out.append("~ ").append(line).append('\n'));
            return out.toString();
        }
    }

    public Report diff(Map<String, String> before, Map<String, String> after) {
        Report report = new Report();
        for (String artifact : after.keySet()) {
            String oldVersion = before.get(artifact);
            String newVersion = after.get(artifact);
            if (oldVersion == null) {
                report.added.add(artifact + " " + newVersion);
            } else if (!oldVersion.equals(newVersion)) {
                report.changed.add(artifact + " " + oldVersion + " -> " + newVersion);
            }
        }
        for (String artifact : after.keySet()) {
            if (!after.containsKey(artifact)) {
                report.removed.add(artifact + " " + before.get(artifact));
            }
        }
        Collections.sort(report.added);
        Collections.sort(report.removed);
        Collections.sort(report.changed);
        return report;
    }
}
