package dev.kintsugi.runtime.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.action.RuntimeAction;

/**
 * Builds the action of one {@code do} entry ({@code restart: {...}}, {@code flag: {...}}): the
 * runbook reader knows the runbook's shape, the action package knows the actions'.
 *
 * <p>Stable API.
 */
@FunctionalInterface
public interface ActionParser {

  /**
   * @param node the entry: a mapping with one field, the action's kind
   * @param path the entry's path from the file's root ({@code runbooks[0].do[1]}), for errors
   * @throws RuntimeConfigException naming the bad field when the entry is not a valid action
   */
  RuntimeAction parse(JsonNode node, String path) throws RuntimeConfigException;
}
