package dev.kintsugi.llm;

/** A cheap token estimate (about four characters a token), for budgets before a server counts. */
final class Tokens {

  private Tokens() {}

  static long estimate(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }
}
