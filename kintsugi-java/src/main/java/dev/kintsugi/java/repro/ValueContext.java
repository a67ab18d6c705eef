package dev.kintsugi.java.repro;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.nodeTypes.modifiers.NodeWithAccessModifiers;
import dev.kintsugi.java.repro.JType.Declared;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What every part of rebuilding a value shares: the test's imports and body, type resolution, the
 * access rules seen from the test's package, and the notes and raw-type flag the result reports.
 */
final class ValueContext {

  final TypeResolver types;
  final Imports imports;
  final TestBody body;
  final boolean jackson;
  private final String testPackage;
  private boolean rawTypes;
  private final Set<String> notes = new LinkedHashSet<>();

  ValueContext(
      TypeResolver types, Imports imports, TestBody body, String testPackage, boolean jackson) {
    this.types = types;
    this.imports = imports;
    this.body = body;
    this.testPackage = testPackage;
    this.jackson = jackson;
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  void note(String note) {
    notes.add(note);
  }

  boolean usedRawTypes() {
    return rawTypes;
  }

  /** Some generated code uses a generic class raw. */
  void usesRawType() {
    rawTypes = true;
  }

  /** {@code Box<>} when the target is typed, else the (possibly raw) class name. */
  String creation(Declared concrete, Declared declared) {
    String name = imports.use(concrete);
    if (!concrete.isGeneric()) {
      return name;
    }
    if (concrete.canonical().equals(declared.canonical()) && !declared.args().isEmpty()) {
      return name + "<>";
    }
    rawTypes = true;
    return name;
  }

  JType parameterType(Parameter parameter, Scope scope) {
    JType type = types.resolve(parameter.getType(), scope);
    return parameter.isVarArgs() ? new JType.ArrayOf(type) : type;
  }

  /** Whether the test (in {@code testPackage}) may call {@code member} of {@code owner}. */
  boolean accessible(NodeWithAccessModifiers<?> member, SourceType owner) {
    if (member.hasModifier(Modifier.Keyword.PRIVATE)) {
      return false;
    }
    if (owner.packageName().equals(testPackage)) {
      return true;
    }
    return member.hasModifier(Modifier.Keyword.PUBLIC) && owner.isPublicChain()
        || isInterfaceMember(member, owner);
  }

  private static boolean isInterfaceMember(NodeWithAccessModifiers<?> member, SourceType owner) {
    return owner.declaration() instanceof ClassOrInterfaceDeclaration type
        && type.isInterface()
        && owner.isPublicChain()
        && member instanceof CallableDeclaration<?>;
  }

  void checkAccessible(Declared type) {
    if (type.source().isEmpty()) {
      return;
    }
    SourceType source = type.source().get();
    if (source.hasPrivateLink()) {
      throw new Unrebuildable("private class " + source.canonicalName());
    }
    if (source.hasInnerLink()) {
      throw new Unrebuildable("non-static inner class " + source.canonicalName());
    }
    if (!source.packageName().equals(testPackage) && !source.isPublicChain()) {
      throw new Unrebuildable(source.canonicalName() + " is not public");
    }
  }

  static Unrebuildable mismatch(JType type) {
    return new Unrebuildable("the captured value does not fit type " + describe(type));
  }

  private static String describe(JType type) {
    if (type instanceof Declared declared) {
      return declared.canonical();
    }
    if (type instanceof JType.Primitive primitive) {
      return primitive.name();
    }
    if (type instanceof JType.ArrayOf array) {
      return describe(array.component()) + "[]";
    }
    return type.toString();
  }
}
