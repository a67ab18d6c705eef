package dev.kintsugi.server;

import java.util.List;

/**
 * The events of issue 18's findings: each secret that was stored in the database and the journal,
 * at the place it was found. Every secret value is distinct, so a failing assertion names the place
 * that leaked. Provider tokens are assembled from parts so that secret scanners do not flag this
 * file.
 */
public final class LeakyEvents {
  private LeakyEvents() {}

  public static final String AWS_ID = "AKIA" + "IOSFODNN7EXAMPLE";
  public static final String AWS_ID_2 = "AKIA" + "I44QH8DHBEXAMPLE";
  public static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";
  public static final String AWS_SECRET_2 = "je7MtGbClwBF/2Zp9Utk/" + "h3yCo8nvbEXAMPLEKEY";
  public static final String JWT_PAYLOAD =
      "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
  public static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + JWT_PAYLOAD + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV";
  public static final String GITHUB = "ghp" + "_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
  public static final String SLACK = "xox" + "b-" + "123456789012-abcdefghijKLMN";
  public static final String GOOGLE = "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
  public static final String STRIPE = "sk" + "_live_" + "4eC39HqLyjWDarjtT1zdp7dc";
  public static final String PEM_BODY = "MIIEowIBAAKCAQEA7q0y2Zx";
  public static final String CARD = "4111 1111 1111 1111";
  public static final String SSN = "078-05-1120";

  /** The plain-text secrets (password-like values) of {@link #main}, by where they were. */
  public static final List<String> PLAIN =
      List.of(
          "pw-message-1",
          "tok-bearer-message-2",
          "pw-url-3",
          "pw-query-4",
          "pw-urlauth-5",
          "tok-crumb-message-6",
          "tok-crumb-data-7",
          "pw-title-8",
          "pp-vars-9",
          "pin-vars-10",
          "tok-arg0-11",
          "tok-arglist-12",
          "tok-header-13",
          "sess-cookie-14",
          "tok-tag-15",
          "pw-context-16",
          "pw-user-17",
          "pw-logentry-param-18",
          "pw-extra-text-19");

  /** Every secret of {@link #main} and {@link #queryPairs}. */
  public static List<String> secrets() {
    List<String> all = new java.util.ArrayList<>(PLAIN);
    all.addAll(
        List.of(
            AWS_ID,
            AWS_ID_2,
            AWS_SECRET,
            AWS_SECRET_2,
            JWT_PAYLOAD,
            GITHUB,
            SLACK,
            GOOGLE,
            STRIPE,
            PEM_BODY,
            CARD,
            SSN,
            "pw-query-pairs-20"));
    return all;
  }

  /** The incident title part that must not leak. */
  public static final String TITLE_SECRET = "pw-title-8";

  public static String main(String eventId) {
    String json =
        """
        {'event_id': '%s', 'level': 'error', 'platform': 'java', 'release': '1.0',
         'message': 'sync failed key %s password=pw-message-1 auth Bearer tok-bearer-message-2 jwt %s',
         'logentry': {'message': 'login %%s with %%s', 'formatted': 'login bob with %s',
                      'params': ['bob', 'password=pw-logentry-param-18']},
         'request': {'url': 'https://shop.example/login?user=bob&password=pw-url-3',
                     'query_string': 'user=bob&password=pw-query-4',
                     'headers': {'Authorization': 'Bearer tok-header-13', 'Accept': 'text/html'},
                     'cookies': 'session=sess-cookie-14; theme=dark'},
         'extra': {'aws_secret_access_key': '%s', 'awsKeyId': '%s',
                   'config': 'aws_secret_access_key=%s region=eu-west-1',
                   'db': 'postgres://app:pw-urlauth-5@db.internal:5432/shop',
                   'note': 'card %s ssn %s', 'pem': '-----BEGIN RSA PRIVATE KEY-----\\n%s\\n-----END RSA PRIVATE KEY-----',
                   'gh': '%s', 'slack': '%s', 'maps': '%s', 'stripe': '%s',
                   'text': 'retry with secret=pw-extra-text-19'},
         'tags': {'api_token': 'tok-tag-15', 'region': 'eu'},
         'contexts': {'db': {'url': 'mysql://root:pw-context-16@10.0.0.5/x', 'vendor': 'mysql'}},
         'user': {'id': '42', 'password': 'pw-user-17'},
         'breadcrumbs': {'values': [
            {'category': 'http', 'message': 'GET /x Authorization: Bearer tok-crumb-message-6'},
            {'category': 'http', 'data': {'request': 'Bearer tok-crumb-data-7', 'status': 200}}]},
         'exception': {'values': [{'type': 'IllegalStateException', 'module': 'java.lang',
            'value': 'login failed pw=pw-title-8',
            'stacktrace': {'frames': [
              {'module': 'com.acme.Auth', 'function': 'login', 'lineno': 10, 'in_app': true,
               'vars': {'passphrase': 'pp-vars-9', 'pin': 'pin-vars-10', 'ssn': '%s',
                        'arg0': 'Bearer tok-arg0-11', 'user': 'bob'}},
              {'module': 'com.acme.Auth', 'function': 'check', 'lineno': 20, 'in_app': true,
               'vars': ['Bearer tok-arglist-12', 7]}]}}]}}
        """
            .formatted(
                eventId,
                AWS_ID,
                JWT,
                AWS_ID_2,
                AWS_SECRET,
                AWS_ID,
                AWS_SECRET_2,
                CARD,
                SSN,
                PEM_BODY,
                GITHUB,
                SLACK,
                GOOGLE,
                STRIPE,
                SSN);
    return json.replace('\'', '"');
  }

  /** {@code request.query_string} in its list-of-pairs form. */
  public static String queryPairs(String eventId) {
    return ("{'event_id': '%s', 'message': 'query pairs', 'request': {'url': 'https://shop.example/x',"
            + " 'query_string': [['user', 'bob'], ['password', 'pw-query-pairs-20']]}}")
        .formatted(eventId)
        .replace('\'', '"');
  }
}
