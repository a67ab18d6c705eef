package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.bridge.CircuitBridge;

/**
 * A method with both a circuit and a fault. The circuit decides first: while it is open the
 * method's body, where the fault is, does not run (so a circuit opened to remedy an injected fault
 * does remedy it); once it lets the call through, the fault has its say.
 */
final class CircuitThenFault implements CircuitBridge.Circuit {
  private final CircuitBridge.Circuit circuit;
  private final CircuitBridge.Circuit fault;

  CircuitThenFault(CircuitBridge.Circuit circuit, CircuitBridge.Circuit fault) {
    this.circuit = circuit;
    this.fault = fault;
  }

  @Override
  public Object decide(String returnType) {
    Object decision = circuit.decide(returnType);
    return decision != null ? decision : fault.decide(returnType);
  }
}
