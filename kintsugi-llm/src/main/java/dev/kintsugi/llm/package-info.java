/**
 * LLM diagnosis and repair through LangChain4j.
 *
 * <p>Public entry points (stability: experimental): {@link dev.kintsugi.llm.LlmConfig} (provider,
 * endpoint, model, key, budgets; from environment and flags), {@link dev.kintsugi.llm.LlmRepairer}
 * (a {@code Repairer} for OpenAI-compatible, Ollama and Anthropic endpoints; the previous round's
 * verdicts come in the repair request, and {@code usage()} feeds the report) and {@link
 * dev.kintsugi.llm.LlmUsage}. Everything else is package-private. Few-shot examples of past fixes
 * come through {@link dev.kintsugi.core.learn.FixExamples}; the fix memory behind it lives in
 * {@code kintsugi-learn}, which this module does not know.
 *
 * <p>All text from tests, stack traces, source comments and model replies is untrusted: it is
 * scrubbed of secrets and fenced with per-prompt nonce markers before it leaves the machine, and
 * replies are only parsed into candidate patches, never executed; the heal loop's gates judge every
 * candidate.
 */
package dev.kintsugi.llm;
