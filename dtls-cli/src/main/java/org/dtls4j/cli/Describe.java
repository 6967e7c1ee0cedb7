package org.dtls4j.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.transport.ConnectionCounters;
import org.dtls4j.transport.DtlsConnection;
import org.dtls4j.transport.ServerCounters;

/** Human-readable lines about a connection: what was negotiated, what was counted, why it failed. */
final class Describe {
    private Describe() {
    }

    /** One line, for the server's log: suite, group, and who the peer proved to be. */
    static String brief(Negotiated n) {
        StringBuilder sb = new StringBuilder(n.cipherSuite().ianaName());
        n.group().ifPresent(g -> sb.append(", group ").append(g.tlsName()));
        n.pskIdentity().ifPresent(i -> sb.append(", psk identity '").append(i).append('\''));
        if (!n.peerCertificates().isEmpty()) {
            sb.append(", certificate ").append(n.peerCertificates().get(0).getSubjectX500Principal().getName());
        }
        n.peerRawPublicKey().ifPresent(k -> sb.append(", raw public key ").append(rawPublicKey(k)));
        n.applicationProtocol().ifPresent(a -> sb.append(", alpn ").append(a));
        n.serverName().ifPresent(s -> sb.append(", sni ").append(s));
        if (n.resumed()) {
            sb.append(", resumed");
        }
        n.connectionIds().ifPresent(c -> sb.append(", cid ").append(c));
        return sb.toString();
    }

    /** Several indented lines, as {@code openssl s_client} prints after the handshake. */
    static void negotiated(PrintStream out, Negotiated n, int maxPayload) {
        out.println("  protocol            " + n.protocol());
        out.println("  cipher suite        " + n.cipherSuite().ianaName()
                + n.cipherSuite().opensslName().map(o -> " (" + o + ")").orElse(""));
        out.println("  group               " + n.group().map(g -> g.tlsName()).orElse("none"));
        out.println("  extended master secret " + (n.extendedMasterSecret() ? "yes" : "no"));
        for (X509Certificate c : n.peerCertificates()) {
            out.println("  peer certificate    " + c.getSubjectX500Principal().getName());
        }
        n.peerRawPublicKey().ifPresent(k -> out.println("  peer raw public key " + rawPublicKey(k)));
        n.pskIdentity().ifPresent(i -> out.println("  psk identity        " + i));
        n.applicationProtocol().ifPresent(a -> out.println("  alpn                " + a));
        n.serverName().ifPresent(s -> out.println("  server name         " + s));
        out.println("  session resumed     " + (n.resumed() ? "yes" : "no"));
        out.println("  connection id       " + n.connectionIds().map(ConnectionIds::toString).orElse("not negotiated"));
        out.println("  max payload         " + maxPayload + " bytes per datagram");
    }

    /**
     * A raw public key (RFC 7250) as the handshake's messages name it: the algorithm and the SHA-256
     * hash of its SubjectPublicKeyInfo, {@code EC key sha-256 AB:CD:...}.
     */
    static String rawPublicKey(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return key.getAlgorithm() + " key sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * One line for a handshake the server saw fail, in the spirit of {@code openssl s_server}'s
     * error lines: the peer, the alert and who sent it, then the engine's cause.
     * <pre>
     *   handshake with 127.0.0.1:40000 failed: unknown_psk_identity (ours): unknown PSK identity 'mallory'
     *   handshake with 127.0.0.1:40001 failed: bad_certificate (peer's): peer sent fatal alert bad_certificate
     *   handshake with 127.0.0.1:40002 failed: timeout: handshake did not complete within 10000 ms (5 retransmissions)
     * </pre>
     * A timeout names no alert, because none went on the wire.
     */
    static String handshakeFailure(InetSocketAddress peer, DtlsException e) {
        String what = e instanceof DtlsTimeoutException ? "timeout"
                : !e.hasAlert() ? "no alert"
                : e.alert().rfcName() + (e.isReceivedFromPeer() ? " (peer's)" : " (ours)");
        return "handshake with " + Addresses.text(peer) + " failed: " + what + ": " + cause(e);
    }

    /** The exception's message without the " [alert]" that {@link DtlsException#getMessage()} appends. */
    private static String cause(DtlsException e) {
        String m = e.getMessage();
        String suffix = " [" + (e.hasAlert() ? e.alert().rfcName() : "no alert") + "]";
        return m.endsWith(suffix) ? m.substring(0, m.length() - suffix.length()) : m;
    }

    /** The counters worth showing, on one line. */
    static String counters(ConnectionCounters c) {
        StringBuilder sb = new StringBuilder();
        sb.append("datagrams in ").append(c.datagramsIn()).append(", out ").append(c.datagramsOut())
                .append("; application sent ").append(c.applicationSent())
                .append(", received ").append(c.applicationReceived())
                .append("; retransmissions ").append(c.retransmissions())
                .append("; records discarded ").append(c.discardedRecords());
        sb.append(nonZero(c.recordDiscards()));
        return sb.toString();
    }

    /** The server's counters worth showing, on one line. */
    static String serverCounters(ServerCounters c) {
        return "datagrams in " + c.datagramsIn() + ", out " + c.datagramsOut()
                + "; HelloVerifyRequests sent " + c.cookieVerifies() + ", cookies accepted " + c.cookieAccepts()
                + "; handshakes completed " + c.handshakesCompleted() + ", failed " + c.handshakesFailed()
                + "; peers now " + c.peers();
    }

    /** "(replay 1, bad_mac 2)" for the non-zero entries, or "" when there are none. */
    private static String nonZero(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(m).forEach((k, v) -> {
            if (v != 0) {
                sb.append(sb.length() > 0 ? ", " : "").append(k.toLowerCase(Locale.ROOT)).append(' ').append(v);
            }
        });
        return sb.length() == 0 ? "" : " (" + sb + ")";
    }

    /**
     * The SRTP profile and exported keying material, in the lines {@code openssl s_server} and
     * {@code s_client} print for {@code -use_srtp} and {@code -keymatexport}; empty when neither
     * was asked for. One string, so that concurrent connections do not interleave their lines.
     */
    static String keying(DtlsConnection c, TlsSettings s) {
        StringBuilder sb = new StringBuilder();
        Negotiated n = c.negotiated();
        if (!s.srtp().isEmpty()) {
            sb.append(n.srtpProfile().map(p -> "SRTP Extension negotiated, profile=" + p.openSslName())
                    .orElse("SRTP Extension not negotiated")).append(System.lineSeparator());
        }
        if (s.exportLabel() != null) {
            String hex;
            try {
                hex = HexFormat.of().withUpperCase()
                        .formatHex(c.exportKeyingMaterial(s.exportLabel(), s.exportContext(), s.exportLength()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                hex = "error: " + e.getMessage();
            }
            sb.append("Keying material exporter:").append(System.lineSeparator())
                    .append("    Label: '").append(s.exportLabel()).append("'").append(System.lineSeparator())
                    .append("    Length: ").append(s.exportLength()).append(" bytes").append(System.lineSeparator())
                    .append(s.exportContext() == null ? "" : "    Context: " + HexFormat.of().withUpperCase()
                            .formatHex(s.exportContext()) + System.lineSeparator())
                    .append("    Keying material: ").append(hex).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
