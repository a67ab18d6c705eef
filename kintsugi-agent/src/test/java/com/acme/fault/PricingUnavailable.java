package com.acme.fault;

/** The application's own exception, which an error fault may name. */
public final class PricingUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PricingUnavailable(String message) {
    super(message);
  }
}
