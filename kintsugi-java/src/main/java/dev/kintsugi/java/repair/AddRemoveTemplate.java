package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Swaps {@code add} ↔ {@code remove} and {@code addAll} ↔ {@code removeAll} on a collection: {@code
 * items.add(x)} → {@code items.remove(x)}. Only one-argument calls with a receiver, and only when
 * the receiver is a collection or its type is unknown (the compile gate rejects the rest cheaply).
 */
final class AddRemoveTemplate implements Template {

  private static final Map<String, String> SWAPS =
      Map.of("add", "remove", "remove", "add", "addAll", "removeAll", "removeAll", "addAll");

  /** Simple names of JDK collection types whose add/remove change membership. */
  private static final Set<String> COLLECTIONS =
      Set.of(
          "Collection",
          "List",
          "Set",
          "SortedSet",
          "NavigableSet",
          "Queue",
          "Deque",
          "ArrayList",
          "LinkedList",
          "HashSet",
          "LinkedHashSet",
          "TreeSet",
          "ArrayDeque",
          "PriorityQueue",
          "CopyOnWriteArrayList",
          "ConcurrentLinkedQueue");

  @Override
  public String name() {
    return "add-remove";
  }

  @Override
  public double prior() {
    return 0.3; // own estimate: a wrong-method fix (ManySStuBs4J "wrong function name") this narrow
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<MethodCallExpr> calls =
        cu.findAll(
            MethodCallExpr.class,
            call ->
                SWAPS.containsKey(call.getNameAsString())
                    && call.getArguments().size() == 1
                    && call.getScope().isPresent()
                    && OnLine.startsOn(call.getName(), line));
    return Proposals.perNode(calls, call -> swap(text, call));
  }

  private static List<Proposal> swap(SourceText text, MethodCallExpr call) {
    if (!collectionOrUnknown(call)) {
      return List.of();
    }
    TextEdit rename =
        new TextEdit(
            text.start(call.getName()),
            text.end(call.getName()),
            SWAPS.get(call.getNameAsString()));
    return List.of(Proposals.of(text, call, rename));
  }

  private static boolean collectionOrUnknown(MethodCallExpr call) {
    Optional<String> type = TypeGuess.of(call.getScope().orElseThrow(), Scope.at(call));
    return type.map(AddRemoveTemplate::rawName).map(COLLECTIONS::contains).orElse(true);
  }

  /** {@code java.util.List<String>} → {@code List}. */
  private static String rawName(String type) {
    int generic = type.indexOf('<');
    String raw = generic < 0 ? type : type.substring(0, generic);
    return raw.substring(raw.lastIndexOf('.') + 1).trim();
  }
}
