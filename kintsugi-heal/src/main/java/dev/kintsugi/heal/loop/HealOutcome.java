package dev.kintsugi.heal.loop;

import dev.kintsugi.heal.report.HealReport;

/** The report and the process exit code it maps to. */
public record HealOutcome(HealReport report, int exitCode) {}
