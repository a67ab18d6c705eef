/**
 * AST fix templates for Java sources.
 *
 * <p>{@link dev.kintsugi.java.repair.TemplateRepairer} is the only public entry point. Each
 * template is a small package-private class that turns the AST nodes on a suspicious line into
 * surgical text edits; everything outside an edit stays byte-identical (formatting, comments, line
 * endings).
 */
package dev.kintsugi.java.repair;
