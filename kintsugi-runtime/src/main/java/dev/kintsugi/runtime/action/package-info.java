/**
 * What a runbook can do to a running service. Each action is a {@link
 * dev.kintsugi.runtime.action.RuntimeAction}: {@code describe()} says what it would do (dry runs,
 * audit) without secrets, {@code run()} does it and never throws for a failure of the target, and a
 * reversible action's {@link dev.kintsugi.runtime.action.ActionOutcome} carries its undo.
 *
 * <p>{@link dev.kintsugi.runtime.action.Actions#parse} reads one {@code do} entry, a mapping with
 * one field naming the kind, with {@link dev.kintsugi.runtime.action.ActionSettings} (the command
 * allow-list, Kubernetes clients, the agent's circuits, the default project, the environment, the
 * clock). Strict: unknown fields, wrong types, bad durations or URLs, a command not allowed are
 * {@link dev.kintsugi.runtime.RuntimeConfigException}s naming the field. Durations are {@code
 * 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT10M}). Read the
 * YAML with {@code YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS}, or quote {@code 'off'}:
 * YAML 1.1 reads an unquoted {@code off} as {@code false}.
 *
 * <pre>{@code
 * # Restart a local process (never through a shell): SIGTERM the pid in pidFile (or pid), SIGKILL
 * # after grace, start command, append its stdout and stderr to log, write the new pid to pidFile,
 * # wait for readyUrl to answer 2xx (within readyTimeout) or the process to stay up aliveFor.
 * # Not undoable.
 * - restart:
 *     pidFile: /var/run/shop.pid         # or pid: 4242; one of them
 *     command: [/usr/bin/java, -jar, shop.jar]   # a name is looked up on PATH
 *     workingDir: /opt/shop              # optional
 *     env: {JAVA_OPTS: -Xmx512m}         # optional, added to Kintsugi's environment
 *     log: /var/log/shop.log             # optional; discarded without
 *     grace: 10s                         # default 10s
 *     readyUrl: http://localhost:8080/actuator/health   # optional
 *     readyTimeout: 60s                  # default 60s
 *     aliveFor: 2s                       # without readyUrl; default 2s
 *
 * # systemctl [--user] restart UNIT; UNIT is NAME.service, .socket or .target. Not undoable.
 * - systemd: {unit: shop.service, user: false, timeout: 60s}
 *
 * # An HTTP call: done when the status is in expect (204, "200-299", "2xx"; default 200-299).
 * # ${NAME} in header values and the body is the environment variable NAME, resolved when it runs;
 * # header values and the body are never shown. Redirects are not followed. Not undoable.
 * - http:
 *     method: POST                       # GET, POST (default), PUT, PATCH, DELETE, HEAD
 *     url: https://shop.internal/admin/cache/clear
 *     headers: {Authorization: "Bearer ${SHOP_ADMIN_TOKEN}"}
 *     body: '{"scope": "all"}'
 *     timeout: 10s                       # default 10s
 *     expect: 2xx
 *
 * # A program run directly (no shell), only if it is on the configuration's allow-list (compared
 * # as real paths, resolved when the runbook is read); done on exit 0. Output is captured (64 KiB)
 * # and its end shown on failure. Not undoable.
 * - command: [/opt/shop/bin/drain, --all]
 * - command: {argv: [drain, --all], workingDir: /opt/shop, env: {MODE: fast}, timeout: 60s}
 *
 * # Kubernetes, through the fabric8 client: a deployment or a statefulset (one of them);
 * # namespace defaults to "default"; context and kubeconfig default as for kubectl.
 * - kubernetes.scale: {deployment: shop, namespace: prod, replicas: 5}   # undo: the old count
 * - kubernetes.restart: {statefulset: db, namespace: prod, context: eu-1} # sets the pod template's
 *                                       # kubectl.kubernetes.io/restartedAt; not undoable
 * - kubernetes.undo: {deployment: shop, namespace: prod, kubeconfig: /etc/kintsugi/kubeconfig}
 *                                       # the previous revision's template; undo: the replaced one
 *
 * # A flagd feature flag: in a flag-definition file (written atomically, every other value kept)
 * # set the default variant and/or the state (ENABLED, DISABLED); with flagdUrl, wait until flagd
 * # serves it (OFREP POST /ofrep/v1/evaluate/flags/{flag}). Undo: the previous variant and state.
 * - flag:
 *     file: /etc/flagd/flags.json
 *     flag: new-pricing
 *     variant: 'off'                     # and/or state: DISABLED
 *     flagdUrl: http://localhost:8016    # optional
 *     confirmTimeout: 10s                # default 10s
 *
 * # Open the agent's kill switch of a method: it returns fallback (a literal: 0, "n/a", null, [])
 * # or, without one, fails fast, until ttl is over. project defaults to the runbook's.
 * # Undo: close it.
 * - circuit: {method: com.acme.Pricing#quote, fallback: "0", ttl: 10m, project: shop}
 * }</pre>
 */
package dev.kintsugi.runtime.action;
