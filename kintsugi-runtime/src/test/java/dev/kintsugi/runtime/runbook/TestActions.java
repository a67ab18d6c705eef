package dev.kintsugi.runtime.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.action.ActionOutcome;
import dev.kintsugi.runtime.action.RuntimeAction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Actions for tests, read from {@code {KIND: {name: N, works: true, undoable: true}}}: running one
 * appends {@code KIND:N} to {@link #calls} (its undo appends {@code undo KIND:N}), and it takes
 * effect unless {@code works: false}.
 */
final class TestActions implements ActionParser {

  final List<String> calls = new CopyOnWriteArrayList<>();

  /**
   * Names whose action, once it has recorded its call, waits for the gate to open (an action under
   * way when its node stops or hangs); interrupting the wait interrupts the action.
   */
  final Map<String, java.util.concurrent.CountDownLatch> gates =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Kinds (names) that run but fail to take effect, changeable between runs. */
  final Map<String, Boolean> broken = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public RuntimeAction parse(JsonNode node, String path) throws RuntimeConfigException {
    String kind = node.fieldNames().next();
    JsonNode spec = node.get(kind);
    ConfigNode n = ConfigNode.of(spec, path + "." + kind, List.of("name", "works", "undoable"));
    return new Action(kind, n.text("name"), n.bool("works", true), n.bool("undoable", true));
  }

  final class Action implements RuntimeAction {
    private final String kind;
    private final String name;
    private final boolean works;
    private final boolean undoable;

    Action(String kind, String name, boolean works, boolean undoable) {
      this.kind = kind;
      this.name = name;
      this.works = works;
      this.undoable = undoable;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public String describe() {
      return kind + " " + name;
    }

    @Override
    public ActionOutcome run() throws InterruptedException {
      calls.add(kind + ":" + name);
      java.util.concurrent.CountDownLatch gate = gates.get(name);
      if (gate != null) {
        gate.await();
      }
      if (!works || broken.getOrDefault(name, false)) {
        return ActionOutcome.failed(name + " did not take");
      }
      if (!undoable) {
        return ActionOutcome.done(name + " done");
      }
      return ActionOutcome.done(name + " done", new Undo(kind, name));
    }
  }

  final class Undo implements RuntimeAction {
    private final String kind;
    private final String name;

    Undo(String kind, String name) {
      this.kind = kind;
      this.name = name;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public String describe() {
      return "undo " + kind + " " + name;
    }

    @Override
    public ActionOutcome run() {
      calls.add("undo " + kind + ":" + name);
      return ActionOutcome.done("undone " + name);
    }
  }
}
