package dev.kintsugi.java.repair;

import static com.github.javaparser.ast.expr.BinaryExpr.Operator.AND;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.BINARY_AND;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.BINARY_OR;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.DIVIDE;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.GREATER;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.GREATER_EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.LEFT_SHIFT;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.LESS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.LESS_EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.MINUS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.MULTIPLY;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.NOT_EQUALS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.OR;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.PLUS;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.REMAINDER;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.SIGNED_RIGHT_SHIFT;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.UNSIGNED_RIGHT_SHIFT;
import static com.github.javaparser.ast.expr.BinaryExpr.Operator.XOR;

import com.github.javaparser.ast.expr.BinaryExpr.Operator;
import java.util.List;
import java.util.Map;

/**
 * How likely each operator replacement is to be the fix, as a weight in (0, 1] within its template;
 * alternatives are listed most likely first.
 *
 * <p>Where the numbers come from. Families: in ManySStuBs4J (Karampatsis and Sutton, MSR 2020,
 * one-statement bug fixes mined from 1,000 Java projects) "change binary operator" fixes are
 * roughly twice as common as "change unary operator" ones (≈2.2k vs ≈1.0k of ≈64k in the large set;
 * counts quoted from the paper's table from memory), hence {@link #UNARY} = 0.5. Pan, Kim and
 * Whitehead (EMSE 2009) and Sobreira et al. (Defects4J dissection, SANER 2018) find condition
 * changes the most frequent fix pattern, which is why relational edits have the highest template
 * prior. Within a family the datasets do not split by operator pair, so the per-pair weights below
 * are <b>our own estimates</b>: a boundary neighbour ({@code <} ↔ {@code <=}), the equality flip,
 * and the inverse arithmetic operator ({@code +} ↔ {@code -}, {@code *} ↔ {@code /}) at 1; a
 * direction flip next; far replacements last. Replacing a whole condition by a constant is the
 * "remove if-clause" fix of Pan et al., rare as a one-token fix, hence {@link #CONSTANT_CONDITION}.
 */
final class OperatorPriors {

  /** Replacing a unary operator relative to a binary one (ManySStuBs4J ratio, rounded). */
  static final double UNARY = 0.5;

  /** A comparison replaced by {@code true} or {@code false} (own estimate). */
  static final double CONSTANT_CONDITION = 0.3;

  /** Weight of an operator not in the table (own estimate: as unlikely as the farthest swap). */
  private static final double UNLISTED = 0.2;

  private static final Map<Operator, List<Alternative>> TABLE =
      Map.ofEntries(
          // relational
          row(
              LESS,
              alt(LESS_EQUALS, 1.0),
              alt(GREATER, 0.6),
              alt(NOT_EQUALS, 0.5),
              alt(GREATER_EQUALS, 0.4),
              alt(EQUALS, 0.35)),
          row(
              LESS_EQUALS,
              alt(LESS, 1.0),
              alt(GREATER_EQUALS, 0.6),
              alt(EQUALS, 0.5),
              alt(GREATER, 0.4),
              alt(NOT_EQUALS, 0.35)),
          row(
              GREATER,
              alt(GREATER_EQUALS, 1.0),
              alt(LESS, 0.6),
              alt(NOT_EQUALS, 0.5),
              alt(LESS_EQUALS, 0.4),
              alt(EQUALS, 0.35)),
          row(
              GREATER_EQUALS,
              alt(GREATER, 1.0),
              alt(LESS_EQUALS, 0.6),
              alt(EQUALS, 0.5),
              alt(LESS, 0.4),
              alt(NOT_EQUALS, 0.35)),
          row(
              EQUALS,
              alt(NOT_EQUALS, 1.0),
              alt(LESS_EQUALS, 0.6),
              alt(GREATER_EQUALS, 0.6),
              alt(LESS, 0.5),
              alt(GREATER, 0.5)),
          row(
              NOT_EQUALS,
              alt(EQUALS, 1.0),
              alt(LESS, 0.6),
              alt(GREATER, 0.6),
              alt(LESS_EQUALS, 0.5),
              alt(GREATER_EQUALS, 0.5)),
          // logical
          row(AND, alt(OR, 1.0)),
          row(OR, alt(AND, 1.0)),
          // arithmetic
          row(PLUS, alt(MINUS, 1.0), alt(MULTIPLY, 0.7), alt(DIVIDE, 0.3), alt(REMAINDER, 0.2)),
          row(MINUS, alt(PLUS, 1.0), alt(DIVIDE, 0.5), alt(MULTIPLY, 0.4), alt(REMAINDER, 0.2)),
          row(MULTIPLY, alt(DIVIDE, 1.0), alt(PLUS, 0.7), alt(MINUS, 0.4), alt(REMAINDER, 0.3)),
          row(DIVIDE, alt(MULTIPLY, 1.0), alt(REMAINDER, 0.8), alt(MINUS, 0.4), alt(PLUS, 0.3)),
          row(REMAINDER, alt(DIVIDE, 1.0), alt(MULTIPLY, 0.3), alt(MINUS, 0.2), alt(PLUS, 0.2)),
          // bitwise and shifts
          row(BINARY_AND, alt(BINARY_OR, 1.0), alt(XOR, 0.6)),
          row(BINARY_OR, alt(BINARY_AND, 1.0), alt(XOR, 0.6)),
          row(XOR, alt(BINARY_AND, 0.8), alt(BINARY_OR, 0.8)),
          row(LEFT_SHIFT, alt(SIGNED_RIGHT_SHIFT, 1.0), alt(UNSIGNED_RIGHT_SHIFT, 0.6)),
          row(SIGNED_RIGHT_SHIFT, alt(UNSIGNED_RIGHT_SHIFT, 1.0), alt(LEFT_SHIFT, 0.8)),
          row(UNSIGNED_RIGHT_SHIFT, alt(SIGNED_RIGHT_SHIFT, 1.0), alt(LEFT_SHIFT, 0.6)));

  private OperatorPriors() {}

  /** Every replacement of {@code from} in the table, most likely first; empty if none. */
  static List<Operator> alternatives(Operator from) {
    return TABLE.getOrDefault(from, List.of()).stream().map(Alternative::to).toList();
  }

  /** The weight of replacing {@code from} by {@code to}. */
  static double weight(Operator from, Operator to) {
    return TABLE.getOrDefault(from, List.of()).stream()
        .filter(alternative -> alternative.to() == to)
        .mapToDouble(Alternative::weight)
        .findFirst()
        .orElse(UNLISTED);
  }

  private static Map.Entry<Operator, List<Alternative>> row(Operator from, Alternative... to) {
    return Map.entry(from, List.of(to));
  }

  private static Alternative alt(Operator to, double weight) {
    return new Alternative(to, weight);
  }

  private record Alternative(Operator to, double weight) {}
}
