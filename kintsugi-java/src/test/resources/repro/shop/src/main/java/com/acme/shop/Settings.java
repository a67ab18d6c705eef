package com.acme.shop;

public class Settings {
  private final int retries;

  public Settings(int maxRetries) {
    this.retries = maxRetries;
  }

  int retries() {
    return retries;
  }
}
