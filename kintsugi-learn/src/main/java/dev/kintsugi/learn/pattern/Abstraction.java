package dev.kintsugi.learn.pattern;

import com.github.javaparser.JavaToken;
import com.github.javaparser.ast.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's tokens with variables turned into holes. An identifier is a variable unless it names a
 * method (a {@code (} follows it), looks like a type or constant (starts upper case), or is one of
 * the {@code concrete} names.
 *
 * @param tokens the abstract tokens, comments and whitespace left out
 * @param holes each variable name → its hole, numbered in order of first appearance
 */
record Abstraction(List<String> tokens, Map<String, String> holes) {

  static Optional<Abstraction> of(Node node, Set<String> concrete) {
    if (node.getTokenRange().isEmpty()) {
      return Optional.empty();
    }
    List<String> tokens = new ArrayList<>();
    Map<String, String> holes = new LinkedHashMap<>();
    for (JavaToken token : node.getTokenRange().get()) {
      if (token.getCategory().isWhitespaceOrComment()) {
        continue;
      }
      String text = token.getText();
      if (isVariable(token, concrete)) {
        tokens.add(holes.computeIfAbsent(text, k -> "$" + holes.size()));
      } else {
        tokens.add(text);
      }
    }
    return Optional.of(new Abstraction(List.copyOf(tokens), Map.copyOf(holes)));
  }

  /** The identifiers of a node (variables and names alike). */
  static Set<String> identifiers(Node node) {
    Set<String> names = new java.util.HashSet<>();
    node.getTokenRange()
        .ifPresent(
            range -> {
              for (JavaToken token : range) {
                if (token.getCategory().isIdentifier()) {
                  names.add(token.getText());
                }
              }
            });
    return names;
  }

  String text() {
    return String.join(" ", tokens);
  }

  private static boolean isVariable(JavaToken token, Set<String> concrete) {
    if (!token.getCategory().isIdentifier()) {
      return false;
    }
    String text = token.getText();
    if (concrete.contains(text) || Character.isUpperCase(text.charAt(0))) {
      return false;
    }
    Optional<JavaToken> previous = token.getPreviousToken();
    while (previous.isPresent() && previous.get().getCategory().isWhitespaceOrComment()) {
      previous = previous.get().getPreviousToken();
    }
    if (previous.isPresent() && previous.get().getText().equals(".")) {
      return false;
    }
    Optional<JavaToken> next = token.getNextToken();
    while (next.isPresent() && next.get().getCategory().isWhitespaceOrComment()) {
      next = next.get().getNextToken();
    }
    return next.isEmpty() || !next.get().getText().equals("(");
  }
}
