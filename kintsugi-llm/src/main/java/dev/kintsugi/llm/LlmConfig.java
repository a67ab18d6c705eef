package dev.kintsugi.llm;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a language model and how much of it one heal may use. Immutable; the constructor
 * validates and every error names the bad value. The API key is never part of {@link #toString()}.
 *
 * <p>Stability: experimental.
 *
 * @param provider which wire protocol to speak
 * @param baseUrl the endpoint, e.g. {@code http://localhost:11434} for Ollama
 * @param model the model name, e.g. {@code qwen2.5-coder:7b}
 * @param apiKey the secret key (may be empty for local servers); never logged or stored
 * @param timeout per-request timeout
 * @param maxRetries retries of one request on 429, 5xx and timeouts (with exponential backoff)
 * @param maxRequests requests one heal may make, retries included
 * @param maxTokens tokens (prompt + reply) one heal may use
 * @param maxOutputTokens reply tokens asked for per request
 * @param candidatesPerRound replies asked for per round (each reply becomes at most one candidate)
 * @param contextTokens prompt budget for the context pack
 */
public record LlmConfig(
    Provider provider,
    String baseUrl,
    String model,
    String apiKey,
    Duration timeout,
    int maxRetries,
    int maxRequests,
    long maxTokens,
    int maxOutputTokens,
    int candidatesPerRound,
    int contextTokens) {

  public static final String ENV_PROVIDER = "KINTSUGI_LLM_PROVIDER";
  public static final String ENV_BASE_URL = "KINTSUGI_LLM_BASE_URL";
  public static final String ENV_MODEL = "KINTSUGI_LLM_MODEL";
  public static final String ENV_API_KEY = "KINTSUGI_LLM_API_KEY";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  static final int DEFAULT_MAX_RETRIES = 3;
  static final int DEFAULT_MAX_REQUESTS = 15;
  static final long DEFAULT_MAX_TOKENS = 300_000;
  static final int DEFAULT_MAX_OUTPUT_TOKENS = 4_096;
  static final int DEFAULT_CANDIDATES = 3;
  static final int DEFAULT_CONTEXT_TOKENS = 12_000;

  /** The supported wire protocols. */
  public enum Provider {
    /** No model: the offline default. */
    NONE("none", ""),
    /** Any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, llama.cpp, LM Studio). */
    OPENAI("openai", "https://api.openai.com/v1"),
    OLLAMA("ollama", "http://localhost:11434"),
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1");

    private final String id;
    private final String defaultBaseUrl;

    Provider(String id, String defaultBaseUrl) {
      this.id = id;
      this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The lower-case name used in flags, environment and repairer ids. */
    public String id() {
      return id;
    }

    public String defaultBaseUrl() {
      return defaultBaseUrl;
    }

    /**
     * Parses {@code none|openai|ollama|anthropic} (case-insensitive; blank means none).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Provider parse(String text) {
      if (text == null || text.isBlank()) {
        return NONE;
      }
      String wanted = text.trim().toLowerCase(Locale.ROOT);
      for (Provider p : values()) {
        if (p.id.equals(wanted)) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "unknown LLM provider '" + text.trim() + "': expected none, openai, ollama or anthropic");
    }
  }

  public LlmConfig {
    Objects.requireNonNull(provider, "provider");
    baseUrl = baseUrl == null || baseUrl.isBlank() ? provider.defaultBaseUrl() : baseUrl.trim();
    model = model == null ? "" : model.trim();
    apiKey = apiKey == null ? "" : apiKey.trim();
    Objects.requireNonNull(timeout, "timeout");
    if (provider != Provider.NONE) {
      if (model.isEmpty()) {
        throw new IllegalArgumentException(
            "LLM provider '"
                + provider.id()
                + "' needs a model: set "
                + ENV_MODEL
                + " or --llm-model");
      }
      checkUrl(baseUrl);
      if (provider == Provider.ANTHROPIC && apiKey.isEmpty()) {
        throw new IllegalArgumentException(
            "LLM provider 'anthropic' needs an API key: set " + ENV_API_KEY);
      }
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("LLM timeout must be positive, was " + timeout);
    }
    positive("maxRetries", maxRetries, 0);
    positive("maxRequests", maxRequests, 1);
    if (maxTokens < 1) {
      throw new IllegalArgumentException("LLM maxTokens must be >= 1, was " + maxTokens);
    }
    positive("maxOutputTokens", maxOutputTokens, 1);
    positive("candidatesPerRound", candidatesPerRound, 1);
    positive("contextTokens", contextTokens, 500);
  }

  /** No model: the offline default. */
  public static LlmConfig none() {
    return of(Provider.NONE, "", "", "");
  }

  /** A configuration with default timeouts and budgets. */
  public static LlmConfig of(Provider provider, String baseUrl, String model, String apiKey) {
    return new LlmConfig(
        provider,
        baseUrl,
        model,
        apiKey,
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_RETRIES,
        DEFAULT_MAX_REQUESTS,
        DEFAULT_MAX_TOKENS,
        DEFAULT_MAX_OUTPUT_TOKENS,
        DEFAULT_CANDIDATES,
        DEFAULT_CONTEXT_TOKENS);
  }

  /**
   * Reads {@code KINTSUGI_LLM_PROVIDER} (default {@code none}), {@code KINTSUGI_LLM_BASE_URL},
   * {@code KINTSUGI_LLM_MODEL} and {@code KINTSUGI_LLM_API_KEY}.
   *
   * @throws IllegalArgumentException for an unknown provider, a missing model, a bad URL...
   */
  public static LlmConfig fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, null, null, null);
  }

  /**
   * Like {@link #fromEnvironment(Map)}, with command-line flags ({@code --llm}, {@code
   * --llm-base-url}, {@code --llm-model}) taking precedence when not null.
   */
  public static LlmConfig fromEnvironment(
      Map<String, String> env, String providerFlag, String baseUrlFlag, String modelFlag) {
    Provider provider = Provider.parse(providerFlag != null ? providerFlag : env.get(ENV_PROVIDER));
    String baseUrl = baseUrlFlag != null ? baseUrlFlag : env.get(ENV_BASE_URL);
    String model = modelFlag != null ? modelFlag : env.get(ENV_MODEL);
    return of(provider, baseUrl, model, env.get(ENV_API_KEY));
  }

  public boolean enabled() {
    return provider != Provider.NONE;
  }

  /** {@code llm:<provider>/<model>}: the repairer string on this configuration's candidates. */
  public String repairerId() {
    return "llm:" + provider.id() + "/" + model;
  }

  public LlmConfig withBudget(int newMaxRequests, long newMaxTokens) {
    return new LlmConfig(
        provider,
        baseUrl,
        model,
        apiKey,
        timeout,
        maxRetries,
        newMaxRequests,
        newMaxTokens,
        maxOutputTokens,
        candidatesPerRound,
        contextTokens);
  }

  public LlmConfig withCandidatesPerRound(int n) {
    return new LlmConfig(
        provider,
        baseUrl,
        model,
        apiKey,
        timeout,
        maxRetries,
        maxRequests,
        maxTokens,
        maxOutputTokens,
        n,
        contextTokens);
  }

  public LlmConfig withTimeout(Duration newTimeout, int newMaxRetries) {
    return new LlmConfig(
        provider,
        baseUrl,
        model,
        apiKey,
        newTimeout,
        newMaxRetries,
        maxRequests,
        maxTokens,
        maxOutputTokens,
        candidatesPerRound,
        contextTokens);
  }

  public LlmConfig withContextTokens(int newContextTokens) {
    return new LlmConfig(
        provider,
        baseUrl,
        model,
        apiKey,
        timeout,
        maxRetries,
        maxRequests,
        maxTokens,
        maxOutputTokens,
        candidatesPerRound,
        newContextTokens);
  }

  /** Never shows the API key, only whether one is set. */
  @Override
  public String toString() {
    return "LlmConfig[provider="
        + provider.id()
        + ", baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", apiKey="
        + (apiKey.isEmpty() ? "<none>" : "<set>")
        + ", timeout="
        + timeout
        + ", maxRetries="
        + maxRetries
        + ", maxRequests="
        + maxRequests
        + ", maxTokens="
        + maxTokens
        + ", maxOutputTokens="
        + maxOutputTokens
        + ", candidatesPerRound="
        + candidatesPerRound
        + ", contextTokens="
        + contextTokens
        + "]";
  }

  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "LLM base URL '" + url + "' must be an http(s) URL with a host");
      }
      if (uri.getUserInfo() != null) {
        throw new IllegalArgumentException(
            "LLM base URL must not carry credentials; use " + ENV_API_KEY);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("LLM base URL '" + url + "' is not a valid URL", e);
    }
  }

  private static void positive(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException("LLM " + name + " must be >= " + min + ", was " + value);
    }
  }
}
