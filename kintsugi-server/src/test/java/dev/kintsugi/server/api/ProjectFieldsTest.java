package dev.kintsugi.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.store.AutoHeal;
import org.junit.jupiter.api.Test;

class ProjectFieldsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode body(String json) {
    try {
      return JSON.readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void refused(Runnable read, String why) {
    assertThatThrownBy(read::run)
        .isInstanceOf(ApiError.class)
        .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(400))
        .hasMessageContaining(why);
  }

  @Test
  void nameIsAStrippedStringOfAtMost200PlainCharacters() {
    assertThat(ProjectFields.name(body("{'name':'  shop-service 2 '}")))
        .isEqualTo("shop-service 2");
    assertThat(ProjectFields.name(body("{'name':'Café ☕'}"))).isEqualTo("Café ☕");
    refused(() -> ProjectFields.name(body("{}")), "name is required");
    refused(() -> ProjectFields.name(body("{'name':42}")), "name is required");
    refused(() -> ProjectFields.name(body("{'name':'  '}")), "name must be 1-200 characters");
    refused(
        () -> ProjectFields.name(body("{'name':'" + "n".repeat(201) + "'}")),
        "name must be 1-200 characters, was 201");
    refused(() -> ProjectFields.name(body("{'name':'a\\u001b[31mb'}")), "control");
    refused(() -> ProjectFields.name(body("{'name':'a\\u202eb'}")), "formatting");
  }

  @Test
  void inAppPrefixesAreJavaPackageNames() {
    assertThat(
            ProjectFields.inAppPrefixes(
                body("{'inAppPrefixes':['com.acme', ' org.x_y.$z ', 'a.']}")))
        .containsExactly("com.acme", "org.x_y.$z", "a.");
    assertThat(ProjectFields.inAppPrefixes(body("{'inAppPrefixes':null}"))).isEmpty();
    refused(() -> ProjectFields.inAppPrefixes(body("{'inAppPrefixes':'com.acme'}")), "an array");
    for (String bad :
        new String[] {
          "''", "'com,acme'", "'com..acme'", "'1com'", "'.com'", "'com acme'", "7", "{}"
        }) {
      refused(
          () -> ProjectFields.inAppPrefixes(body("{'inAppPrefixes':[" + bad + "]}")),
          "Java package names");
    }
    refused(
        () -> ProjectFields.inAppPrefixes(body("{'inAppPrefixes':[" + "'a',".repeat(51) + "'a']}")),
        "at most 50");
    String long40 = "'" + "p".repeat(60) + "',";
    refused(
        () -> ProjectFields.inAppPrefixes(body("{'inAppPrefixes':[" + long40.repeat(40) + "'a']}")),
        "too long together");
  }

  @Test
  void autoHealAndThresholdAreCheckedValues() {
    assertThat(ProjectFields.autoHeal(body("{}"), AutoHeal.OFF)).isEqualTo(AutoHeal.OFF);
    assertThat(
            ProjectFields.autoHeal(
                body("{'autoHeal':'threshold','healThreshold':3}"), AutoHeal.OFF))
        .isEqualTo(new AutoHeal(AutoHeal.Mode.THRESHOLD, 3));
    refused(
        () -> ProjectFields.autoHeal(body("{'autoHeal':'always'}"), AutoHeal.OFF),
        "off, new, threshold");
    refused(
        () -> ProjectFields.autoHeal(body("{'autoHeal':1}"), AutoHeal.OFF), "off, new, threshold");
    for (String bad : new String[] {"0", "-1", "2.5", "'3'", "1000001", "99999999999", "true"}) {
      refused(
          () ->
              ProjectFields.autoHeal(
                  body("{'autoHeal':'threshold','healThreshold':" + bad + "}"), AutoHeal.OFF),
          "healThreshold must be a whole number 1-1000000");
    }
  }

  @Test
  void unknownFieldsAreRefusedByName() {
    ProjectFields.onlyKnown(body("{'name':'a','repo':null}"), ProjectFields.CREATE);
    refused(
        () ->
            ProjectFields.onlyKnown(body("{'name':'a','inAppPackages':[]}"), ProjectFields.CREATE),
        "unknown field 'inAppPackages'; allowed: autoHeal, healThreshold, inAppPrefixes, name, repo");
    refused(
        () -> ProjectFields.onlyKnown(body("{'name':'a'}"), ProjectFields.UPDATE),
        "unknown field 'name'");
  }

  @Test
  void optionalStringsMustBeStrings() {
    assertThat(ProjectFields.optionalString(body("{'repo':null}"), "repo")).isEmpty();
    refused(
        () -> ProjectFields.optionalString(body("{'repo':['x']}"), "repo"),
        "repo must be a string");
  }
}
