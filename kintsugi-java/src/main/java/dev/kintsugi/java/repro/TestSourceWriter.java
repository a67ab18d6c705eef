package dev.kintsugi.java.repro;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.java.repro.JType.Declared;
import dev.kintsugi.java.repro.ProjectBuild.TestFramework;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the reproduction test for a located call site: locals rebuilt from the snapshot, then the
 * bare call, so the test throws the production exception itself. Comments only ever hold event text
 * reduced to {@code [A-Za-z0-9_.$]}.
 */
final class TestSourceWriter {

  private final ProjectSources sources;
  private final TypeResolver types;
  private final ProjectBuild build;

  TestSourceWriter(ProjectSources sources, ProjectBuild build) {
    this.sources = sources;
    this.types = new TypeResolver(sources);
    this.build = build;
  }

  /** The test's source and notes about how it was built. */
  record Written(String source, List<String> notes) {
    Written {
      notes = List.copyOf(notes);
    }
  }

  /** What the header comment says about the incident (sanitized before use). */
  record Incident(String eventId, String exceptionType, String throwSite) {}

  /**
   * Writes class {@code testClass} with method {@code testMethod} calling {@code site}.
   *
   * @throws Unrebuildable when the receiver or an argument cannot be rebuilt
   */
  Written write(CallSite site, String testClass, String testMethod, Incident incident) {
    SourceType owner = site.owner();
    String testPackage = owner.packageName();
    Imports imports = new Imports(testPackage, testClass, sources);
    TestBody body = new TestBody();
    ValueBuilder values = new ValueBuilder(types, imports, body, testPackage, build.jackson());
    List<String> notes = new ArrayList<>(site.notes());
    Declared ownerType = Declared.of(owner);
    Callable callable = site.callable();
    // Only a receiver local or a constructor call names the generic owner as a type.
    boolean raw = ownerType.isGeneric() && !callable.isStatic();

    String receiver = null;
    if (!callable.isStatic() && !callable.isConstructor()) {
      receiver = receiver(site, ownerType, values, body, imports, notes);
    }
    Scope scope = Scope.of(owner).with(callable.typeParameters());
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < callable.parameters().size(); i++) {
      var parameter = callable.parameters().get(i);
      String name = parameter.getNameAsString();
      try {
        arguments.add(
            values.local(values.parameterType(parameter, scope), site.arguments().get(i), name));
      } catch (Unrebuildable e) {
        throw new Unrebuildable("argument " + name + ": " + e.getMessage());
      }
    }
    String call = String.join(", ", arguments);
    String owned = imports.use(ownerType);
    if (callable.isConstructor()) {
      body.add("new " + owned + (raw ? "<>" : "") + "(" + call + ");");
      raw = false;
    } else if (callable.isStatic()) {
      body.add(owned + "." + callable.name() + "(" + call + ");");
    } else {
      body.add(receiver + "." + callable.name() + "(" + call + ");");
    }
    notes.addAll(values.notes());
    if (raw || values.usedRawTypes()) {
      notes.add("uses raw types: type arguments of generic classes were not captured");
    }
    Signature signature =
        new Signature(
            imports.use(testAnnotation(build.framework())),
            raw || values.usedRawTypes() ? imports.use(SuppressWarnings.class) : "",
            imports.use(callable.throwsThrowable() ? Throwable.class : Exception.class));
    return new Written(
        source(
            site.frame(), incident, testPackage, imports, testClass, testMethod, signature, body),
        notes);
  }

  private String receiver(
      CallSite site,
      Declared ownerType,
      ValueBuilder values,
      TestBody body,
      Imports imports,
      List<String> notes) {
    SourceType owner = site.owner();
    String hint = owner.declaration().getNameAsString();
    String unusable = null;
    if (site.receiver().isPresent()) {
      Object snapshot = site.receiver().get().value();
      if (snapshot == null) {
        throw new Unrebuildable("the receiver (this) was captured as null");
      }
      Optional<String> marker = SnapshotMarkers.find(snapshot);
      try {
        if (marker.isPresent()) {
          throw new Unrebuildable(marker.get());
        }
        return values.local(ownerType, snapshot, hint);
      } catch (Unrebuildable e) {
        // Approximate with a fresh receiver: the reproduction check still decides whether the
        // test fails like the production error did, so a wrong guess is discarded, not delivered.
        unusable =
            marker.isPresent()
                ? "the receiver (this) " + marker.get()
                : "the receiver (this): " + e.getMessage();
      }
    }
    try {
      return freshReceiver(owner, ownerType, values, body, imports, hint, notes, unusable);
    } catch (Unrebuildable e) {
      throw unusable == null ? e : new Unrebuildable(unusable + "; " + e.getMessage());
    }
  }

  private String freshReceiver(
      SourceType owner,
      Declared ownerType,
      ValueBuilder values,
      TestBody body,
      Imports imports,
      String hint,
      List<String> notes,
      String unusable) {
    if (owner.isAbstractOrInterface()) {
      throw new Unrebuildable("abstract class without a usable receiver");
    }
    if (owner.declaration() instanceof EnumDeclaration) {
      throw new Unrebuildable("no receiver snapshot for an enum method");
    }
    boolean noArgs =
        owner.declaration() instanceof ClassOrInterfaceDeclaration type
            && (type.getConstructors().isEmpty()
                || type.getConstructors().stream().anyMatch(c -> isNoArgs(c, values, owner)));
    if (!noArgs) {
      throw new Unrebuildable(
          "no receiver snapshot and no accessible no-argument constructor for "
              + owner.canonicalName());
    }
    notes.add(
        unusable == null
            ? "receiver built with its no-argument constructor: its state was not captured"
            : unusable
                + "; receiver built with its no-argument constructor instead (its captured state"
                + " is not used)");
    String type = imports.use(ownerType);
    return body.declare(type, hint, "new " + type + (ownerType.isGeneric() ? "<>" : "") + "()");
  }

  /** How the test method's annotations and throws clause are written. */
  private record Signature(String test, String suppressWarnings, String thrown) {}

  private static boolean isNoArgs(
      ConstructorDeclaration constructor, ValueBuilder values, SourceType owner) {
    return constructor.getParameters().isEmpty() && values.accessible(constructor, owner);
  }

  private static Declared testAnnotation(TestFramework framework) {
    String name = framework.testAnnotation();
    String pkg = name.substring(0, name.lastIndexOf('.'));
    return new Declared(
        name, Optional.of(pkg), name, "Test", List.of(), Optional.empty(), Optional.empty());
  }

  private String source(
      CapturedFrame frame,
      Incident incident,
      String testPackage,
      Imports imports,
      String testClass,
      String testMethod,
      Signature signature,
      TestBody body) {
    boolean junit4 = build.framework() == TestFramework.JUNIT4;
    String visibility = junit4 ? "public " : "";
    StringBuilder out = new StringBuilder();
    if (!testPackage.isEmpty()) {
      out.append("package ").append(testPackage).append(";\n\n");
    }
    for (String line : imports.lines()) {
      out.append(line).append('\n');
    }
    if (!imports.lines().isEmpty()) {
      out.append('\n');
    }
    String where = JavaLiterals.commentSafe(frame.className() + "." + frame.method(), 200);
    out.append("/**\n")
        .append(" * Reproduces production event ")
        .append(JavaLiterals.commentSafe(incident.eventId(), 64))
        .append(".\n *\n")
        .append(" * <p>Exception: ")
        .append(JavaLiterals.commentSafe(incident.exceptionType(), 200))
        .append("\n * thrown at ")
        .append(JavaLiterals.commentSafe(incident.throwSite(), 200))
        .append(".\n *\n")
        .append(" * <p>Generated by Kintsugi: calls ")
        .append(where)
        .append(frame.line() > 0 ? " (line " + frame.line() + ")" : "")
        .append(
            "\n * with the arguments captured in production. It fails with that exception until the\n")
        .append(" * bug is fixed.\n")
        .append(" */\n");
    out.append(visibility).append("class ").append(testClass).append(" {\n\n");
    out.append("  @").append(signature.test()).append('\n');
    if (!signature.suppressWarnings().isEmpty()) {
      out.append("  @").append(signature.suppressWarnings());
      out.append("({\"rawtypes\", \"unchecked\"})\n");
    }
    out.append("  ")
        .append(visibility)
        .append("void ")
        .append(testMethod)
        .append("() throws ")
        .append(signature.thrown())
        .append(" {\n");
    for (String statement : body.statements()) {
      out.append("    ").append(statement).append('\n');
    }
    out.append("  }\n}\n");
    return out.toString();
  }
}
