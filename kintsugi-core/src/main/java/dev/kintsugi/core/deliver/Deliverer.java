package dev.kintsugi.core.deliver;

import java.io.IOException;

/**
 * The deliver stage: puts a validated, confirmed fix where people see it (a branch, a pull
 * request). Called once per fixed heal, last; it must leave nothing half-made when it fails.
 */
@FunctionalInterface
public interface Deliverer {

  Delivered deliver(FixCommit fix) throws IOException;
}
