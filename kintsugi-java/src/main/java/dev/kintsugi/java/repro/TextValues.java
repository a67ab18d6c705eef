package dev.kintsugi.java.repro;

import static dev.kintsugi.java.repro.ValueContext.mismatch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Rebuilds strings and the JDK value types written as text ({@code BigDecimal}, {@code UUID},
 * {@code java.time}): the text is parsed here first, so the test never fails on a bad literal.
 */
final class TextValues {

  /** Value types the agent sends as {@code {"@class": fqcn, "value": toString()}}. */
  private static final Map<String, TextFactory> TEXT_VALUES =
      Map.ofEntries(
          Map.entry("java.math.BigDecimal", new TextFactory(BigDecimal.class, "", BigDecimal::new)),
          Map.entry("java.math.BigInteger", new TextFactory(BigInteger.class, "", BigInteger::new)),
          Map.entry("java.util.UUID", new TextFactory(UUID.class, "fromString", UUID::fromString)),
          Map.entry("java.time.Instant", new TextFactory(Instant.class, "parse", Instant::parse)),
          Map.entry(
              "java.time.LocalDate", new TextFactory(LocalDate.class, "parse", LocalDate::parse)),
          Map.entry(
              "java.time.LocalDateTime",
              new TextFactory(LocalDateTime.class, "parse", LocalDateTime::parse)),
          Map.entry(
              "java.time.LocalTime", new TextFactory(LocalTime.class, "parse", LocalTime::parse)),
          Map.entry(
              "java.time.OffsetDateTime",
              new TextFactory(OffsetDateTime.class, "parse", OffsetDateTime::parse)),
          Map.entry(
              "java.time.OffsetTime",
              new TextFactory(OffsetTime.class, "parse", OffsetTime::parse)),
          Map.entry(
              "java.time.ZonedDateTime",
              new TextFactory(ZonedDateTime.class, "parse", ZonedDateTime::parse)),
          Map.entry(
              "java.time.Duration", new TextFactory(Duration.class, "parse", Duration::parse)),
          Map.entry("java.time.Period", new TextFactory(Period.class, "parse", Period::parse)),
          Map.entry("java.time.Year", new TextFactory(Year.class, "parse", Year::parse)),
          Map.entry(
              "java.time.YearMonth", new TextFactory(YearMonth.class, "parse", YearMonth::parse)),
          Map.entry(
              "java.time.MonthDay", new TextFactory(MonthDay.class, "parse", MonthDay::parse)),
          Map.entry("java.time.ZoneId", new TextFactory(ZoneId.class, "of", ZoneId::of)),
          // ZoneId's runtime class is the JDK-internal ZoneRegion.
          Map.entry("java.time.ZoneRegion", new TextFactory(ZoneId.class, "of", ZoneId::of)),
          Map.entry(
              "java.time.ZoneOffset", new TextFactory(ZoneOffset.class, "of", ZoneOffset::of)));

  private static final int MAX_LITERAL_CHARS = 16_000;

  private final Imports imports;

  TextValues(Imports imports) {
    this.imports = imports;
  }

  /** Whether {@code className} is a value type written as text. */
  static boolean isTextValue(String className) {
    return TEXT_VALUES.containsKey(className);
  }

  String string(Object value, JType type) {
    if (value instanceof String text) {
      return literal(text);
    }
    throw mismatch(type);
  }

  /** A string literal; javac refuses constants over 65535 UTF-8 bytes, so long text is refused. */
  static String literal(String text) {
    if (text.length() > MAX_LITERAL_CHARS) {
      throw new Unrebuildable("holds a string too long to inline (" + text.length() + " chars)");
    }
    return JavaLiterals.string(text);
  }

  /** A value of the text-valued class {@code className}, declared as {@code type}. */
  String text(String className, Object value, JType type) {
    TextFactory factory = TEXT_VALUES.get(className);
    Object text = value instanceof Map<?, ?> object ? object.get("value") : value;
    if (text instanceof Number number && JavaLiterals.decimal(number) != null) {
      text = JavaLiterals.decimal(number).toString();
    }
    if (!(text instanceof String string)) {
      throw mismatch(type);
    }
    try {
      factory.parse().apply(string);
    } catch (RuntimeException e) {
      throw new Unrebuildable("holds an unparsable " + factory.type().getName());
    }
    String owner = imports.use(factory.type());
    String literal = literal(string);
    return factory.method().isEmpty()
        ? "new " + owner + "(" + literal + ")"
        : owner + "." + factory.method() + "(" + literal + ")";
  }

  /** How a text-valued type is created: {@code new T(text)} or {@code T.method(text)}. */
  private record TextFactory(Class<?> type, String method, Function<String, Object> parse) {}
}
