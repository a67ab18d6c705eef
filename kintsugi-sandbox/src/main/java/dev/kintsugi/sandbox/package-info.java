/**
 * Runs a healed project's code in isolation: its build ({@code maven}), fast in-process compilation
 * of candidate sources ({@code compile}), test runs in a child JVM with per-test coverage ({@code
 * testrun}), and external commands with time limits ({@code process}). This package holds the types
 * they share.
 */
package dev.kintsugi.sandbox;
