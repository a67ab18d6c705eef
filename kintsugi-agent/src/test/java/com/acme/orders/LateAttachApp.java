package com.acme.orders;

import com.sun.tools.attach.VirtualMachine;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts without the agent, fails and logs once (so JUL's Logger and the order classes are loaded),
 * then attaches the agent to itself and fails again: the agent must retransform the loaded classes.
 * Arguments: the agent jar, the agent options. Needs {@code -Djdk.attach.allowAttachSelf}.
 */
public final class LateAttachApp {
  private static final Logger LOG = Logger.getLogger("com.acme.orders.checkout");

  private LateAttachApp() {}

  public static void main(String[] args) throws Exception {
    failAndLog("before attach");
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
    try {
      vm.loadAgent(args[0], args[1]);
    } finally {
      vm.detach();
    }
    failAndLog("checkout failed");
    System.out.println("still running");
  }

  private static void failAndLog(String message) {
    try {
      new OrderService("late-store").place(OrderService.badOrder(), "SPRING", "tok-123");
    } catch (OrderRejected e) {
      LOG.log(Level.SEVERE, message, e);
    }
  }
}
