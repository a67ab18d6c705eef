package dev.kintsugi.agent.internal.instrument;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an advice parameter to the instrumented method's parameter names, comma-separated, as a
 * constant worked out when the class is transformed: from the {@code MethodParameters} attribute
 * (javac {@code -parameters}) when present, else {@code arg0}, {@code arg1}, ...
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface ParameterNames {}
