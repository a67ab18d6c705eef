package dev.kintsugi.server.group;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises generated names in stack frames so that the same code groups the same across builds
 * and restarts: lambda bodies ({@code lambda$foo$0 → lambda$foo}), lambda and proxy classes ({@code
 * Foo$$Lambda$123/0x... → Foo$$Lambda}), CGLIB, ByteBuddy, Mockito and Hibernate proxies,
 * reflection accessors.
 */
final class FrameNames {
  private FrameNames() {}

  private record Rule(Pattern pattern, String replacement) {
    String apply(String s) {
      Matcher m = pattern.matcher(s);
      return m.find() ? m.replaceAll(replacement) : s;
    }
  }

  private static Rule rule(String regex, String replacement) {
    return new Rule(Pattern.compile(regex), replacement);
  }

  private static final List<Rule> MODULE_RULES =
      List.of(
          rule("\\$\\$Lambda(?:\\$\\d+)?(?:/0x[0-9a-fA-F]+)?", "\\$\\$Lambda"),
          rule(
              "(\\$\\$(?:EnhancerBy\\w*?|FastClassBy\\w*?|SpringCGLIB|ByteBuddy))\\$\\$\\w+", "$1"),
          rule("\\$(ByteBuddy|MockitoMock|HibernateProxy)\\$\\w+", "\\$$1"),
          rule("\\$Proxy\\d+", "\\$Proxy"),
          rule("^jdk\\.proxy\\d+", "jdk.proxy"),
          rule("(Generated(?:Serialization)?(?:Method|Constructor)Accessor)\\d+", "$1"));

  private static final List<Rule> FUNCTION_RULES =
      List.of(rule("^(lambda\\$.*?)\\$\\d+$", "$1"), rule("^access\\$\\d+$", "access\\$"));

  static String module(String module) {
    // Every rule needs a '$', the jdk.proxy prefix or an accessor name: skip the regexes if none.
    if (module.indexOf('$') < 0
        && !module.startsWith("jdk.proxy")
        && !module.contains("Accessor")) {
      return module;
    }
    String out = module;
    for (Rule r : MODULE_RULES) {
      out = r.apply(out);
    }
    return out;
  }

  static String function(String function) {
    if (function.indexOf('$') < 0) {
      return function;
    }
    String out = function;
    for (Rule r : FUNCTION_RULES) {
      out = r.apply(out);
    }
    return out;
  }
}
