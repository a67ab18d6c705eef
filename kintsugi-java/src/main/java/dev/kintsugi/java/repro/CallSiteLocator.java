package dev.kintsugi.java.repro;

import com.github.javaparser.ast.body.EnumDeclaration;
import dev.kintsugi.core.signal.CapturedFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the source declaration a frame ran and pairs its argument snapshot with the declared
 * parameters, or says why the frame cannot be called from a test in the same package.
 */
final class CallSiteLocator {

  static final String THIS = "this";
  private static final Pattern POSITIONAL = Pattern.compile("arg(\\d{1,3})");

  private final ProjectSources sources;

  CallSiteLocator(ProjectSources sources) {
    this.sources = sources;
  }

  /**
   * The call site of {@code frame}.
   *
   * @throws Unrebuildable with the reason when the frame cannot be called or rebuilt
   */
  CallSite locate(CapturedFrame frame) {
    String method = frame.method();
    if (method.equals("<clinit>")) {
      throw new Unrebuildable("static initializer");
    }
    if (method.startsWith("lambda$") || method.startsWith("access$") || method.contains("$")) {
      throw new Unrebuildable("lambda or synthetic method");
    }
    if (!method.equals(Callable.CONSTRUCTOR) && !JavaLiterals.isIdentifier(method)) {
      throw new Unrebuildable("the method name is not a Java identifier");
    }
    String className = frame.className();
    if (ProjectSources.isAnonymousOrLocal(className)) {
      throw new Unrebuildable("anonymous or local class");
    }
    if (!JavaLiterals.isQualifiedName(className.replace('$', '.'))) {
      throw new Unrebuildable("the class name is not a Java name");
    }
    SourceType owner =
        sources
            .byBinaryName(className)
            .orElseThrow(() -> new Unrebuildable("class not found in the main sources"));
    if (owner.hasPrivateLink()) {
      throw new Unrebuildable("private class");
    }
    if (owner.hasInnerLink()) {
      throw new Unrebuildable("non-static inner class");
    }
    Map<String, Object> arguments = new LinkedHashMap<>(frame.vars());
    Optional<CallSite.Receiver> receiver =
        arguments.containsKey(THIS)
            ? Optional.of(new CallSite.Receiver(arguments.remove(THIS)))
            : Optional.empty();

    Callable callable = choose(owner, frame, arguments);
    if (frame.vars().isEmpty() && !callable.parameters().isEmpty()) {
      throw new Unrebuildable("no argument snapshot was captured");
    }
    if (callable.isPrivate()) {
      throw new Unrebuildable(callable.isConstructor() ? "private constructor" : "private method");
    }
    if (callable.isConstructor() && owner.declaration() instanceof EnumDeclaration) {
      throw new Unrebuildable("enum constructor");
    }
    if (callable.isConstructor() && owner.isAbstractOrInterface()) {
      throw new Unrebuildable("constructor of an abstract class");
    }
    if (arguments.size() != callable.parameters().size()) {
      throw new Unrebuildable(
          "the snapshot has "
              + arguments.size()
              + " arguments but the method declares "
              + callable.parameters().size());
    }
    List<String> notes = new ArrayList<>();
    List<Object> values = align(arguments, callable, notes);

    // A receiver snapshot with markers is not rejected here: the writer falls back to a fresh
    // receiver when it cannot rebuild the captured one.
    boolean usesReceiver = !callable.isStatic() && !callable.isConstructor();
    for (int i = 0; i < values.size(); i++) {
      Optional<String> marker = SnapshotMarkers.find(values.get(i));
      if (marker.isPresent()) {
        throw new Unrebuildable(
            "argument " + callable.parameterNames().get(i) + " " + marker.get());
      }
    }
    return new CallSite(
        frame, owner, callable, values, usesReceiver ? receiver : Optional.empty(), notes);
  }

  /** Overloads: the one spanning the frame's line, else by arity, else by parameter names. */
  private static Callable choose(
      SourceType owner, CapturedFrame frame, Map<String, Object> arguments) {
    List<Callable> candidates = Callable.in(owner, frame.method());
    if (candidates.isEmpty()) {
      throw new Unrebuildable(
          frame.method().equals(Callable.CONSTRUCTOR)
              ? "no constructor declared in source"
              : "method not found in the source of its class");
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    List<Callable> onLine =
        frame.line() > 0
            ? candidates.stream().filter(c -> c.spans(frame.line())).toList()
            : List.of();
    if (onLine.size() == 1) {
      return onLine.get(0);
    }
    List<Callable> pool = onLine.isEmpty() ? candidates : onLine;
    pool = pool.stream().filter(c -> c.parameters().size() == arguments.size()).toList();
    if (pool.size() > 1) {
      List<Callable> byName =
          pool.stream()
              .filter(c -> new HashSet<>(c.parameterNames()).equals(arguments.keySet()))
              .toList();
      pool = byName.isEmpty() ? pool : byName;
    }
    if (pool.size() == 1) {
      return pool.get(0);
    }
    if (pool.isEmpty()) {
      throw new Unrebuildable(
          frame.vars().isEmpty()
              ? "no argument snapshot was captured"
              : "no overload takes " + arguments.size() + " arguments");
    }
    throw new Unrebuildable("ambiguous overloads with " + arguments.size() + " parameters");
  }

  /**
   * Values in parameter order: by name when the snapshot uses the source's names (classes compiled
   * with {@code -parameters}), else by position ({@code arg0}, {@code arg1}, ...).
   */
  private static List<Object> align(
      Map<String, Object> arguments, Callable callable, List<String> notes) {
    List<String> names = callable.parameterNames();
    List<Object> values = new ArrayList<>();
    if (new HashSet<>(names).equals(arguments.keySet())) {
      names.forEach(n -> values.add(arguments.get(n)));
      return values;
    }
    List<Map.Entry<String, Object>> entries = new ArrayList<>(arguments.entrySet());
    boolean positional =
        entries.stream().allMatch(e -> POSITIONAL.matcher(e.getKey()).matches())
            && new HashSet<>(entries.stream().map(e -> index(e.getKey())).toList()).size()
                == entries.size();
    if (positional) {
      entries.sort(Comparator.comparingInt(e -> index(e.getKey())));
      notes.add("arguments matched by position (class compiled without -parameters)");
    } else {
      notes.add("snapshot names differ from the source's parameter names; matched by position");
    }
    entries.forEach(e -> values.add(e.getValue()));
    return values;
  }

  private static int index(String positionalName) {
    return Integer.parseInt(positionalName.substring(3));
  }
}
