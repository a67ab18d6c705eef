package dev.kintsugi.java.repair;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.UnknownType;
import com.github.javaparser.ast.type.VarType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables visible at a node, found by walking up the AST by name (no symbol solver): locals
 * declared before it, parameters, and fields of the enclosing types. Inner declarations shadow
 * outer ones; in a static context instance fields are left out.
 */
final class Scope {

  private final Map<String, Variable> byName;

  private Scope(Map<String, Variable> byName) {
    this.byName = byName;
  }

  /** The variables visible at {@code node}, innermost (nearest) first. */
  static Scope at(Node node) {
    Collector collector = new Collector();
    Node child = node;
    Optional<Node> parent = node.getParentNode();
    while (parent.isPresent()) {
      collector.visit(parent.get(), child);
      child = parent.get();
      parent = child.getParentNode();
    }
    return new Scope(collector.variables);
  }

  Optional<Variable> lookup(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The variable an expression names: {@code x}, or {@code this.x} for a field. */
  Optional<Variable> variableOf(Expression expression) {
    if (expression instanceof NameExpr name) {
      return lookup(name.getNameAsString());
    }
    if (expression instanceof FieldAccessExpr access && access.getScope() instanceof ThisExpr) {
      return lookup(access.getNameAsString()).filter(v -> v.kind() == Variable.Kind.FIELD);
    }
    return Optional.empty();
  }

  List<Variable> all() {
    return List.copyOf(byName.values());
  }

  /** Other visible variables with the same known type, nearest first. */
  List<Variable> sameTypeAs(Variable variable) {
    List<Variable> result = new ArrayList<>();
    for (Variable candidate : byName.values()) {
      if (!candidate.name().equals(variable.name()) && candidate.sameTypeAs(variable)) {
        result.add(candidate);
      }
    }
    return result;
  }

  /** Accumulates declarations level by level, innermost first. */
  private static final class Collector {
    private final Map<String, Variable> variables = new LinkedHashMap<>();
    private boolean staticContext;

    void visit(Node parent, Node child) {
      if (parent instanceof BlockStmt block) {
        localsBefore(block.getStatements(), child);
      } else if (parent instanceof SwitchEntry entry) {
        localsBefore(entry.getStatements(), child);
      } else if (parent instanceof ForStmt loop
          && Expressions.indexOf(loop.getInitialization(), child) < 0) {
        loop.getInitialization().forEach(this::declarations);
      } else if (parent instanceof ForEachStmt loop && child == loop.getBody()) {
        declarations(loop.getVariable());
      } else if (parent instanceof TryStmt tryStmt && child == tryStmt.getTryBlock()) {
        tryStmt.getResources().forEach(this::declarations);
      } else if (parent instanceof CatchClause clause) {
        parameter(clause.getParameter());
      } else if (parent instanceof LambdaExpr lambda) {
        lambda.getParameters().forEach(this::parameter);
      } else if (parent instanceof CallableDeclaration<?> callable) {
        callable.getParameters().forEach(this::parameter);
        if (callable instanceof MethodDeclaration method && method.isStatic()) {
          staticContext = true;
        }
      } else if (parent instanceof FieldDeclaration field && field.isStatic()) {
        staticContext = true;
      } else if (parent instanceof TypeDeclaration<?> type) {
        fields(type.getMembers());
        if (type instanceof RecordDeclaration record && !staticContext) {
          for (Parameter component : record.getParameters()) {
            add(component.getNameAsString(), component.getType(), Variable.Kind.FIELD, true);
          }
        }
        // Past a static nested type, interface, enum or record, outer instance state is gone.
        boolean nestedStatic =
            !(type.isClassOrInterfaceDeclaration()
                    && !type.asClassOrInterfaceDeclaration().isInterface())
                || type.hasModifier(Modifier.Keyword.STATIC);
        staticContext = staticContext || nestedStatic;
      } else if (parent instanceof ObjectCreationExpr creation) {
        creation.getAnonymousClassBody().ifPresent(this::fields);
      }
    }

    private void localsBefore(List<Statement> statements, Node child) {
      int index = Expressions.indexOf(statements, child);
      int end = index < 0 ? statements.size() : index;
      // Nearest declaration first.
      for (int i = end - 1; i >= 0; i--) {
        if (statements.get(i) instanceof ExpressionStmt statement) {
          declarations(statement.getExpression());
        }
      }
    }

    private void declarations(Expression expression) {
      if (expression instanceof VariableDeclarationExpr declaration) {
        boolean isFinal = declaration.isFinal();
        for (VariableDeclarator variable : declaration.getVariables()) {
          add(variable.getNameAsString(), variable.getType(), Variable.Kind.LOCAL, isFinal);
        }
      }
    }

    private void parameter(Parameter parameter) {
      Type type = parameter.getType();
      if (parameter.isVarArgs()) {
        add(parameter.getNameAsString(), type.asString() + "[]", Variable.Kind.PARAMETER, false);
      } else {
        add(parameter.getNameAsString(), type, Variable.Kind.PARAMETER, parameter.isFinal());
      }
    }

    private void fields(List<? extends BodyDeclaration<?>> members) {
      for (BodyDeclaration<?> member : members) {
        if (member instanceof FieldDeclaration field && (!staticContext || field.isStatic())) {
          Variable.Kind kind =
              field.isStatic() && field.isFinal() ? Variable.Kind.CONSTANT : Variable.Kind.FIELD;
          for (VariableDeclarator variable : field.getVariables()) {
            add(variable.getNameAsString(), variable.getType(), kind, field.isFinal());
          }
        }
      }
    }

    private void add(String name, Type type, Variable.Kind kind, boolean isFinal) {
      boolean unknown = type instanceof VarType || type instanceof UnknownType;
      add(name, unknown ? "" : type.asString(), kind, isFinal);
    }

    private void add(String name, String type, Variable.Kind kind, boolean isFinal) {
      variables.putIfAbsent(name, new Variable(name, type, kind, isFinal));
    }
  }
}
