package io.netbus.launcher.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The one mixin of every client command (the bus commands through {@link BusClientOptions}, and
 * {@code tcp}, {@code get}, {@code put}, {@code ls}): {@code --tls --ca --cert --key} (see
 * {@link EndpointTlsOptions}) and {@code --token}, else {@code $NETBUS_TOKEN}. Same flags, same
 * help text and same meaning everywhere; a command whose server takes no token ({@code tcp})
 * refuses an explicit {@code --token} instead of ignoring it.
 */
final class ClientTlsOptions {

  /** Where {@code --token} comes from when it is not given. */
  static final String TOKEN_ENV = "NETBUS_TOKEN";

  @Mixin
  EndpointTlsOptions tls;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The client's token, for a bridge or exchange listener with an auth section (default: $"
          + TOKEN_ENV + ").")
  String token;

  /** {@code --token}, else {@code NETBUS_TOKEN}, else none. */
  String token() {
    String t = token != null ? token : System.getenv(TOKEN_ENV);
    return t == null || t.isBlank() ? null : t.trim();
  }

  /** For a command whose server has no use for a token: an explicit {@code --token} is a usage error. */
  void refuseToken(CommandSpec spec, String why) {
    if (token != null) {
      throw new ParameterException(spec.commandLine(), "--token: " + why);
    }
  }
}
