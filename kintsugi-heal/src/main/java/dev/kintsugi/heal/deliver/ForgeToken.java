package dev.kintsugi.heal.deliver;

import java.util.Optional;

/**
 * The forge's access token, held so that it cannot leak by accident: {@link #toString} never shows
 * it, and the only way in from the command line is the {@code KINTSUGI_FORGE_TOKEN} environment
 * variable (never a flag: shell history, {@code ps}).
 */
public final class ForgeToken {

  /** The environment variable the token comes from. */
  public static final String ENV = "KINTSUGI_FORGE_TOKEN";

  private static final ForgeToken NONE = new ForgeToken(null);

  private final String value;

  private ForgeToken(String value) {
    this.value = value == null || value.isBlank() ? null : value.strip();
  }

  /** The token in {@code KINTSUGI_FORGE_TOKEN}, if set. */
  public static ForgeToken fromEnvironment() {
    return of(System.getenv(ENV));
  }

  /** A token given by a caller that has it from a safe place (a server's secret store, a test). */
  public static ForgeToken of(String token) {
    return token == null || token.isBlank() ? NONE : new ForgeToken(token);
  }

  public static ForgeToken none() {
    return NONE;
  }

  public Optional<String> value() {
    return Optional.ofNullable(value);
  }

  public boolean present() {
    return value != null;
  }

  @Override
  public String toString() {
    return value == null ? "ForgeToken[none]" : "ForgeToken[***]";
  }
}
