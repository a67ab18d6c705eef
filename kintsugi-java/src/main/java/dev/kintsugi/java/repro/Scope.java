package dev.kintsugi.java.repro;

import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithTypeParameters;
import com.github.javaparser.ast.type.TypeParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a type is written: the declaring type (for its imports, package and member types) and the
 * type variables in scope there.
 */
record Scope(SourceType owner, Map<String, TypeParameter> variables) {

  Scope {
    Objects.requireNonNull(owner, "owner");
    variables = Map.copyOf(variables);
  }

  static Scope of(SourceType owner) {
    Map<String, TypeParameter> variables = new LinkedHashMap<>();
    for (TypeDeclaration<?> type : owner.chain()) {
      if (type instanceof NodeWithTypeParameters<?> generic) {
        generic.getTypeParameters().forEach(p -> variables.put(p.getNameAsString(), p));
      }
    }
    return new Scope(owner, variables);
  }

  Scope with(CallableDeclaration<?> callable) {
    return with(callable.getTypeParameters());
  }

  /** This scope plus a method's or constructor's own type variables. */
  Scope with(List<TypeParameter> typeParameters) {
    Map<String, TypeParameter> more = new LinkedHashMap<>(variables);
    typeParameters.forEach(p -> more.put(p.getNameAsString(), p));
    return new Scope(owner, more);
  }

  Scope without(String variable) {
    Map<String, TypeParameter> fewer = new LinkedHashMap<>(variables);
    fewer.remove(variable);
    return new Scope(owner, fewer);
  }
}
