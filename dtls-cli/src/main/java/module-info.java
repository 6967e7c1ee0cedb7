/**
 * The {@code dtls4j} command (main class {@code org.dtls4j.cli.Main}): a demo with a readable
 * handshake trace, an echo server and a client in the spirit of {@code openssl s_server} and
 * {@code s_client}, a UDP-over-DTLS tunnel in the manner of dtlspipe, and small helpers.
 */
module org.dtls4j.cli {
    requires org.dtls4j.transport;
    requires org.dtls4j.credentials;
    requires java.logging;
}
