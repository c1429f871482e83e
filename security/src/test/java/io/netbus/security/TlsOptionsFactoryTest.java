package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsOptionsFactoryTest {

  @TempDir
  Path dir;

  TlsSection tls;

  @BeforeEach
  void certs() throws Exception {
    Certs.Issued ca = TestCerts.ca();
    TestCerts.write(dir, "ca", ca);
    TestCerts.write(dir, "node", TestCerts.node(ca));
    tls = TlsSection.from(new JsonObject().put("cert", "node.crt").put("key", "node.key").put("ca", "ca.crt"), dir);
  }

  @Test
  void serverOptions() {
    NetServerOptions o = TlsOptionsFactory.server(tls, ListenerSecurity.of(true, null, null, null, null, true));
    assertThat(o.isSsl()).isTrue();
    assertThat(o.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(o.getEnabledSecureTransportProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
    assertThat(o.isSni()).isFalse();
    assertThat(o.getTrustOptions()).isNotNull();
    assertThat(o.getKeyCertOptions()).isNotNull();
  }

  @Test
  void plaintextListenerIsLeftAlone() {
    NetServerOptions o = TlsOptionsFactory.server(null, ListenerSecurity.PLAIN);
    assertThat(o.isSsl()).isFalse();
  }

  @Test
  void httpServerOptionsKeepTheirType() {
    HttpServerOptions o = TlsOptionsFactory.configureServer(new HttpServerOptions().setPort(9100), tls,
        ListenerSecurity.of(true, "none", null, null, null, true));
    assertThat(o.isSsl()).isTrue();
    assertThat(o.getPort()).isEqualTo(9100);
    assertThat(o.getClientAuth()).isEqualTo(ClientAuth.NONE);
    assertThat(o.getTrustOptions()).as("no client certificates asked, none trusted").isNull();
  }

  @Test
  void clientOptionsVerifyTheServer() {
    NetClientOptions o = TlsOptionsFactory.client(tls);
    assertThat(o.isSsl()).isTrue();
    assertThat(o.isTrustAll()).isFalse();
    assertThat(o.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(o.getKeyCertOptions()).as("the node's certificate goes along").isNotNull();
    assertThat(TlsOptionsFactory.client(TlsSection.client("ca.crt", null, null, dir)).getKeyCertOptions()).isNull();
  }
}
