/**
 * Kintsugi's Java agent: {@code -javaagent:kintsugi-agent.jar=dsn=http://KEY@host:port/PROJECT,
 * packages=com.acme;com.other} captures uncaught exceptions and errors logged through JUL, Logback
 * and Log4j2, with the arguments of the in-app frames they passed through, and sends them as Sentry
 * events. Public API: {@link dev.kintsugi.agent.Kintsugi#capture(Throwable)} and the premain class
 * {@link dev.kintsugi.agent.KintsugiAgent}; everything under {@code .internal} may change.
 *
 * <h2>Argument snapshots</h2>
 *
 * <p>A contract: the reproduction-test generator reads it. When a method of a class in the
 * configured packages (not a constructor; not abstract, native or bridge) exits by an exception,
 * the agent snapshots, on the throwing thread, {@code this} and the arguments' current values. When
 * the event is built, each snapshot is matched to the exception's stack frame with the same class
 * and method (deepest first) and becomes that frame's {@code vars}:
 *
 * <ul>
 *   <li>{@code vars} is a JSON object: {@code "this"} first (instance methods only), then the
 *       parameters in declaration order, named from the class file's {@code MethodParameters}
 *       attribute (javac {@code -parameters}) or else {@code arg0}, {@code arg1}, ...
 *   <li>null → {@code null}; boolean → JSON boolean; byte, short, int, long, float, double and
 *       their boxes → JSON number (NaN and infinities → the strings {@code "NaN"}, {@code
 *       "Infinity"}, {@code "-Infinity"}); char → a one-character string; String and other
 *       CharSequence → string; enum → its {@code name()}.
 *   <li>arrays and Collections → JSON array of element snapshots (iteration order); Map → JSON
 *       object, key {@code String.valueOf(key)} → value snapshot.
 *   <li>BigDecimal, BigInteger, UUID and {@code java.time} values → {@code {"@class": "<fqcn>",
 *       "value": "<toString()>"}}.
 *   <li>any other object → {@code {"@class": "<binary class name>", "<field>": <snapshot>, ...}}
 *       with the non-static, non-transient, non-synthetic instance fields of the class, then of its
 *       superclasses (a field hidden by a subclass field of the same name is left out); a record's
 *       components in order.
 * </ul>
 *
 * <p>Limits and markers:
 *
 * <ul>
 *   <li>depth: an argument is at depth 0, its fields and elements at depth 1; an object, array,
 *       collection or map at depth 5 or more is written as {@code "<kintsugi:depth>"} (scalars and
 *       the value types above are written at any depth).
 *   <li>strings longer than 1024 characters → the first 1024 followed by {@code
 *       "<kintsugi:truncated>"} (one string).
 *   <li>arrays and collections over 100 elements → the first 100, then the element {@code
 *       "<kintsugi:truncated>"}; maps over 100 entries → the first 100 and the key {@code
 *       "<kintsugi:truncated>": true}; objects over 50 fields → the first 50 and the same key.
 *   <li>an object already on the path from the argument (a cycle) → {@code "<kintsugi:cycle>"}
 *       (identity; shared, acyclic references are written each time).
 *   <li>a value that cannot be read (reflection refused, e.g. JDK internals in named modules, or
 *       any exception while reading it) → {@code "<kintsugi:unreadable>"}.
 *   <li>a frame's snapshot stops growing at 16 KiB of JSON: further elements, entries, fields or
 *       parameters are cut with the truncation markers above.
 * </ul>
 *
 * <p>Scrubbing, before anything leaves the throwing thread: a value whose key (parameter, field or
 * map key) contains, case-insensitively, {@code password|passwd|pwd|secret|token|api_?key|auth|
 * credential|cookie|session|private_?key} is the string {@code "[Filtered]"}; a card-number-like
 * run inside a string (13–19 digits, single spaces or dashes allowed between them, Luhn-valid) is
 * replaced by {@code "[Filtered]"} within the string.
 *
 * <p>The agent never calls {@code toString()}, {@code hashCode()} or {@code equals()} of arbitrary
 * objects: only {@code toString()} of CharSequences, map keys and the value types above, and the
 * iterators of collections and maps.
 */
package dev.kintsugi.agent;
