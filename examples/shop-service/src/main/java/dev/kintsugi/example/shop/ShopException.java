package dev.kintsugi.example.shop;

/**
 * An expected failure of a request (unknown product, bad input, not enough stock), answered with
 * its HTTP status and message. Anything else that escapes a handler is a bug: logged, answered 500.
 */
final class ShopException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  private ShopException(int status, String message) {
    super(message);
    this.status = status;
  }

  static ShopException badRequest(String message) {
    return new ShopException(400, message);
  }

  static ShopException notFound(String message) {
    return new ShopException(404, message);
  }

  static ShopException conflict(String message) {
    return new ShopException(409, message);
  }

  int status() {
    return status;
  }
}
