package dev.kintsugi.java.repair;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.NameExpr;
import org.junit.jupiter.api.Test;

class ScopeTest {

  @Test
  void seesLocalsDeclaredBeforeParametersAndFieldsInnermostFirst() {
    Scope scope =
        scopeAt(
            """
            class A {
              private int count;
              private static final int LIMIT = 3;
              void f(int n) {
                int before = 1;
                for (int i = 0; i < n; i++) {
                  use(marker);
                }
                int after = 2;
              }
            }
            """);

    assertThat(scope.all())
        .extracting(Variable::name)
        .containsExactly("i", "before", "n", "count", "LIMIT");
    assertThat(scope.lookup("LIMIT"))
        .hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(Variable.Kind.CONSTANT));
    assertThat(scope.lookup("after")).isEmpty();
  }

  @Test
  void innerDeclarationsShadowFields() {
    Scope scope =
        scopeAt(
            """
            class A {
              private String name;
              void f(int name) {
                use(marker);
              }
            }
            """);

    assertThat(scope.lookup("name")).hasValueSatisfying(v -> assertThat(v.type()).isEqualTo("int"));
  }

  @Test
  void leavesInstanceFieldsOutOfStaticContexts() {
    Scope scope =
        scopeAt(
            """
            class A {
              private int count;
              private static int total;
              static void f() {
                use(marker);
              }
            }
            """);

    assertThat(scope.all()).extracting(Variable::name).containsExactly("total");
  }

  @Test
  void knowsLoopAndLambdaVariablesWithoutWrittenTypes() {
    Scope scope =
        scopeAt(
            """
            class A {
              void f(java.util.List<String> xs) {
                for (var x : xs) {
                  xs.forEach(y -> use(marker));
                }
              }
            }
            """);

    assertThat(scope.lookup("x")).hasValueSatisfying(v -> assertThat(v.hasType()).isFalse());
    assertThat(scope.lookup("y")).isPresent();
  }

  private static Scope scopeAt(String source) {
    CompilationUnit cu = JavaSourceParser.parse(source).orElseThrow();
    NameExpr marker =
        cu.findFirst(NameExpr.class, name -> name.getNameAsString().equals("marker")).orElseThrow();
    return Scope.at(marker);
  }
}
