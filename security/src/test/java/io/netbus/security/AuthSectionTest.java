package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AuthSectionTest {

  static final String ALICE_TOKEN = Tokens.generate();

  static JsonObject alice() {
    return new JsonObject().put("name", "alice").put("tokenSha256", Tokens.sha256Hex(ALICE_TOKEN).toUpperCase())
        .put("bus", new JsonObject().put("inbound", new JsonArray().add("netbus\\.tcp\\..+")).put("outbound", new JsonArray().add(".*")))
        .put("files", "rw");
  }

  static JsonObject backup() {
    return new JsonObject().put("name", "backup").put("cn", "backup").put("files", "ro");
  }

  static AuthSection auth(JsonObject... clients) {
    JsonArray list = new JsonArray();
    for (JsonObject c : clients) {
      list.add(c);
    }
    return AuthSection.from(new JsonObject().put("clients", list));
  }

  @Test
  void tokensAndCnsNameTheirClients() {
    AuthSection auth = auth(alice(), backup());
    assertThat(auth.authenticateToken(ALICE_TOKEN)).map(AuthSection.Client::name).hasValue("alice");
    assertThat(auth.authenticateToken(ALICE_TOKEN + "x")).isEmpty();
    assertThat(auth.authenticateToken("")).isEmpty();
    assertThat(auth.authenticateToken(null)).isEmpty();
    assertThat(auth.byCn("backup")).map(AuthSection.Client::name).hasValue("backup");
    assertThat(auth.byCn("Backup")).isEmpty();
    assertThat(auth.byCn(null)).isEmpty();
  }

  @Test
  void rightsAndRules() {
    AuthSection auth = auth(alice(), backup(), new JsonObject().put("name", "viewer").put("cn", "viewer"));
    AuthSection.Client alice = auth.clients().get(0);
    assertThat(alice.canWrite()).isTrue();
    assertThat(alice.bus().inbound()).containsExactly("netbus\\.tcp\\..+");
    assertThat(alice.tokenSha256()).isEqualTo(Tokens.sha256Hex(ALICE_TOKEN));
    AuthSection.Client backup = auth.clients().get(1);
    assertThat(backup.canRead()).isTrue();
    assertThat(backup.canWrite()).isFalse();
    assertThat(backup.bus()).as("no bus: the bridge's lists apply").isNull();
    assertThat(auth.clients().get(2).files()).as("files default to none").isEqualTo("none");
    assertThat(auth.clients().get(2).canRead()).isFalse();
    assertThat(alice.toString()).doesNotContain(alice.tokenSha256());
  }

  @Test
  void tokensAreRandomUrlSafeAndHashedAsTheyAreWritten() {
    String t = Tokens.generate();
    assertThat(t).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(Tokens.generate());
    // SHA-256("abc"), the FIPS 180-2 test vector: the same hash as `printf abc | sha256sum`
    assertThat(Tokens.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void badClientsNameTheirKey() {
    assertThatThrownBy(() -> auth(alice().put("tokenSha256", "abc")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.clients[0].tokenSha256: 'abc' is not 64 hex digits");
    assertThatThrownBy(() -> auth(alice(), backup().put("files", "all")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("auth.clients[1].files: 'all' is not one of rw, ro, none");
    assertThatThrownBy(() -> auth(alice(), new JsonObject().put("name", "nobody")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.clients[1]: client 'nobody' needs tokenSha256 or cn");
    assertThatThrownBy(() -> auth(alice(), backup().put("name", "alice")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("auth.clients[1].name: 'alice' is already used by clients[0]");
    assertThatThrownBy(() -> auth(alice(), alice().put("name", "bob")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("auth.clients[1].tokenSha256: the same hash is already used by clients[0]");
    assertThatThrownBy(() -> auth(alice().put("bus", new JsonObject().put("inbound", new JsonArray().add("(")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.clients[0].bus.inbound[0]: '(' is not a valid regex");
    assertThatThrownBy(() -> auth(alice().put("password", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.clients[0].password: unknown key");
    assertThatThrownBy(() -> AuthSection.from(new JsonObject().put("clients", new JsonArray())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.clients: is empty");
  }
}
