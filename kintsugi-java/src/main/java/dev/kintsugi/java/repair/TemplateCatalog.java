package dev.kintsugi.java.repair;

import java.util.List;

/** The built-in templates, in a stable order. */
final class TemplateCatalog {

  private TemplateCatalog() {}

  /** The templates, looking up project types with {@code types} where they can use them. */
  static List<Template> all(TypeLookup types) {
    return List.of(
        new NullGuardTemplate(),
        new RelationalOperatorTemplate(),
        new OffByOneTemplate(),
        new BooleanOperatorTemplate(),
        new NegateConditionTemplate(),
        new WrongVariableTemplate(),
        new SiblingMethodTemplate(types),
        new ConstantTemplate(),
        new ArithmeticOperatorTemplate(),
        new MissingReturnTemplate(),
        new EqualsIdentityTemplate(),
        new SwapArgumentsTemplate(),
        new MissingBreakTemplate(),
        new LoopCollectionTemplate(),
        new ClampTemplate(),
        new MissingIncrementTemplate(),
        new ConcatOrderTemplate(),
        new BitwiseOperatorTemplate(),
        new RemoveStatementTemplate(),
        new AddRemoveTemplate(),
        new IntegerCastTemplate(),
        new TryWithResourcesTemplate());
  }
}
