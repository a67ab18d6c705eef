package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calls a sibling method with the same signature instead: a known JDK counterpart ({@code
 * anyMatch}/{@code allMatch}, {@code Math.max}/{@code Math.min}, {@code startsWith}/{@code
 * endsWith}...) or a method with identical parameter and return types declared in the same class as
 * the called one, be it the enclosing class or a project class of the receiver ({@code
 * order.getBillingAddress()} → {@code order.getShippingAddress()}). Only the method name changes.
 */
final class SiblingMethodTemplate implements Template {

  /** Interchangeable JDK method names, most commonly confused first within each group. */
  private static final List<List<String>> JDK_GROUPS =
      List.of(
          List.of("anyMatch", "allMatch", "noneMatch"),
          List.of("max", "min"),
          List.of("floor", "ceil", "round"),
          List.of("floor", "ceiling", "lower", "higher"),
          List.of("floorKey", "ceilingKey", "lowerKey", "higherKey"),
          List.of("floorEntry", "ceilingEntry", "lowerEntry", "higherEntry"),
          List.of("isEmpty", "isBlank"),
          List.of("isEmpty", "isPresent"),
          List.of("startsWith", "endsWith"),
          List.of("indexOf", "lastIndexOf"),
          List.of("toUpperCase", "toLowerCase"),
          List.of("trim", "strip"),
          List.of("stripLeading", "stripTrailing"),
          List.of("equals", "equalsIgnoreCase"),
          List.of("compareTo", "compareToIgnoreCase"),
          List.of("replaceAll", "replaceFirst"),
          List.of("findFirst", "findAny"),
          List.of("containsKey", "containsValue"),
          List.of("put", "putIfAbsent"),
          List.of("addFirst", "addLast"),
          List.of("offerFirst", "offerLast"),
          List.of("removeFirst", "removeLast"),
          List.of("pollFirst", "pollLast"),
          List.of("peekFirst", "peekLast"),
          List.of("getFirst", "getLast"),
          List.of("first", "last"),
          List.of("firstKey", "lastKey"),
          List.of("headMap", "tailMap"),
          List.of("headSet", "tailSet"),
          List.of("getKey", "getValue"),
          List.of("getX", "getY"),
          List.of("getWidth", "getHeight"),
          List.of("isBefore", "isAfter"),
          List.of("before", "after"),
          List.of("plus", "minus"),
          List.of("addExact", "subtractExact", "multiplyExact"),
          List.of("matches", "find", "lookingAt"));

  private static final Map<String, List<String>> JDK_SIBLINGS = siblingsByName();

  /** Names that exist only on one receiver type: skipped when the receiver is known otherwise. */
  private static final Map<String, String> RECEIVER_TYPE =
      Map.ofEntries(
          Map.entry("isBlank", "String"),
          Map.entry("isPresent", "Optional"),
          Map.entry("strip", "String"),
          Map.entry("trim", "String"),
          Map.entry("stripLeading", "String"),
          Map.entry("stripTrailing", "String"),
          Map.entry("equalsIgnoreCase", "String"),
          Map.entry("compareToIgnoreCase", "String"),
          Map.entry("toUpperCase", "String"),
          Map.entry("toLowerCase", "String"),
          Map.entry("replaceAll", "String"),
          Map.entry("replaceFirst", "String"));

  private final TypeLookup types;

  /** Looks for siblings in the enclosing class only. */
  SiblingMethodTemplate() {
    this(TypeLookup.NONE);
  }

  /** Also looks for siblings in the declared class of a call's receiver, found by {@code types}. */
  SiblingMethodTemplate(TypeLookup types) {
    this.types = types;
  }

  @Override
  public String name() {
    return "sibling-method";
  }

  @Override
  public double prior() {
    return 0.45;
  }

  @Override
  public List<Proposal> edits(CompilationUnit cu, String source, int line) {
    SourceText text = SourceText.of(source);
    List<MethodCallExpr> calls =
        cu.findAll(MethodCallExpr.class, call -> OnLine.startsOn(call.getName(), line));
    return Proposals.perNode(calls, call -> renamings(cu, text, call));
  }

  private List<Proposal> renamings(CompilationUnit cu, SourceText text, MethodCallExpr call) {
    Set<String> names = new LinkedHashSet<>(classSiblings(cu, call));
    names.addAll(jdkSiblings(call));
    List<Proposal> proposals = new ArrayList<>();
    for (String name : names) {
      TextEdit edit = new TextEdit(text.start(call.getName()), text.end(call.getName()), name);
      proposals.add(Proposals.of(text, call, edit));
    }
    return proposals;
  }

  private static List<String> jdkSiblings(MethodCallExpr call) {
    String name = call.getNameAsString();
    List<String> siblings = new ArrayList<>();
    String plusMinus = plusMinusCounterpart(name);
    if (!plusMinus.isEmpty()) {
      siblings.add(plusMinus);
    }
    Optional<String> receiver =
        call.getScope().flatMap(scope -> TypeGuess.of(scope, Scope.at(call)));
    for (String sibling : JDK_SIBLINGS.getOrDefault(name, List.of())) {
      String required = RECEIVER_TYPE.get(sibling);
      boolean fits = required == null || receiver.map(t -> t.startsWith(required)).orElse(true);
      if (fits) {
        siblings.add(sibling);
      }
    }
    return siblings;
  }

  /** {@code plusDays} ↔ {@code minusDays}, as in {@code java.time}. */
  private static String plusMinusCounterpart(String name) {
    if (name.startsWith("plus") && name.length() > 4 && Character.isUpperCase(name.charAt(4))) {
      return "minus" + name.substring(4);
    }
    if (name.startsWith("minus") && name.length() > 5 && Character.isUpperCase(name.charAt(5))) {
      return "plus" + name.substring(5);
    }
    return "";
  }

  /**
   * Methods with the called method's parameter and return types, declared next to it: in the
   * enclosing class for an own call, else in the receiver's declared class (when it is part of the
   * project), where private methods are out of reach.
   */
  private List<String> classSiblings(CompilationUnit cu, MethodCallExpr call) {
    boolean ownMethod = call.getScope().map(scope -> scope instanceof ThisExpr).orElse(true);
    Optional<TypeDeclaration<?>> type =
        ownMethod
            ? Expressions.enclosingType(call)
            : call.getScope()
                .flatMap(scope -> Scope.at(call).variableOf(scope))
                .filter(Variable::hasType)
                .flatMap(receiver -> types.find(cu, receiver.type()));
    if (type.isEmpty()) {
      return List.of();
    }
    List<MethodDeclaration> targets =
        type.get().getMethodsByName(call.getNameAsString()).stream()
            .filter(method -> method.getParameters().size() == call.getArguments().size())
            .toList();
    if (targets.size() != 1) {
      return List.of(); // unknown or overloaded: the signature is not clear without types
    }
    MethodDeclaration target = targets.get(0);
    Optional<MethodDeclaration> caller = Expressions.ancestor(call, MethodDeclaration.class);
    List<String> siblings = new ArrayList<>();
    for (MethodDeclaration method : type.get().getMethods()) {
      boolean sameSignature =
          method != target
              && !method.getNameAsString().equals(target.getNameAsString())
              && method.isStatic() == target.isStatic()
              && method.getType().asString().equals(target.getType().asString())
              && parameterTypes(method).equals(parameterTypes(target));
      boolean reachable = ownMethod || !method.isPrivate();
      boolean recursive = caller.map(c -> c == method).orElse(false);
      if (sameSignature && reachable && !recursive) {
        siblings.add(method.getNameAsString());
      }
    }
    return siblings;
  }

  private static List<String> parameterTypes(MethodDeclaration method) {
    return method.getParameters().stream().map(Parameter::getType).map(t -> t.asString()).toList();
  }

  private static Map<String, List<String>> siblingsByName() {
    Map<String, Set<String>> byName = new LinkedHashMap<>();
    for (List<String> group : JDK_GROUPS) {
      for (String name : group) {
        Set<String> siblings = byName.computeIfAbsent(name, n -> new LinkedHashSet<>());
        group.stream().filter(other -> !other.equals(name)).forEach(siblings::add);
      }
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    byName.forEach((name, siblings) -> result.put(name, List.copyOf(siblings)));
    return Map.copyOf(result);
  }
}
