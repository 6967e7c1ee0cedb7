package org.dtls4j.transport;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Objects;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.DtlsTimeoutException;

/**
 * Opens DTLS 1.2 client connections (RFC 6347).
 *
 * <pre>{@code
 * try (DtlsConnection c = DtlsClient.connect(new InetSocketAddress("127.0.0.1", 4433), config)) {
 *     c.send("hello".getBytes(UTF_8));
 *     byte[] answer = c.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Each connection has its own UDP socket, bound to an ephemeral port (on the loopback address
 * when the server is on loopback, else on the wildcard address) and connected to the server, and
 * its own daemon I/O thread. The thread runs the handshake, retransmitting flights on the timer
 * (RFC 6347 §4.2.4), then stays to decrypt incoming records and to answer a server that
 * retransmits its last flight. {@code connect} blocks until the handshake is done.
 *
 * <p>ICMP "port unreachable" reports do not end the handshake early: the report may be stale or
 * forged, and the server may be starting. The client keeps retransmitting until its deadline and
 * then says that nobody answered.
 *
 * <p>If {@code config} has no key log sink and the environment variable {@code SSLKEYLOGFILE}
 * names a file, the session secrets are appended to it (NSS key log format, for Wireshark).
 */
public final class DtlsClient {

    private DtlsClient() {
    }

    /** Connects with the configuration's handshake timeout. */
    public static DtlsConnection connect(InetSocketAddress server, DtlsConfig config) throws IOException, DtlsException {
        return connect(server, config, null, config.handshakeTimeout());
    }

    /** Connects; {@code timeout} bounds the handshake. */
    public static DtlsConnection connect(InetSocketAddress server, DtlsConfig config, Duration timeout)
            throws IOException, DtlsException {
        return connect(server, config, null, timeout);
    }

    /**
     * Connects, offering {@code resume} (from {@link DtlsConnection#session()} of an earlier
     * connection, or {@code null}) for an abbreviated handshake (RFC 5246 §7.3).
     * {@link DtlsConnection#negotiated()} tells whether the server resumed it.
     *
     * @param timeout bounds the whole handshake
     * @throws DtlsTimeoutException when the handshake did not complete in time; the message says
     *                              whether anybody answered at all
     * @throws DtlsException when the handshake failed; it carries the alert and names the cause
     * @throws IOException when the socket cannot be opened, or the wait was interrupted
     *                     ({@link java.io.InterruptedIOException})
     * @throws IllegalArgumentException when {@code config} cannot complete a single handshake as a
     *         client ({@link DtlsConfig#checkClient()}: PSK suites only and no PSK, say); the message
     *         names the fix
     */
    public static DtlsConnection connect(InetSocketAddress server, DtlsConfig config, DtlsSession resume,
                                         Duration timeout) throws IOException, DtlsException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeout, "timeout");
        config.checkClient();
        if (server.isUnresolved()) {
            throw new IOException("cannot resolve the server address " + server.getHostString());
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        DtlsConfig effective = KeyLog.fromEnvironment(config);
        if (!timeout.equals(effective.handshakeTimeout())) {
            effective = effective.toBuilder().handshakeTimeout(timeout).build();
        }
        InetAddress address = server.getAddress();
        boolean v6 = address instanceof Inet6Address;
        DatagramChannel channel = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        ClientEndpoint endpoint;
        try {
            channel.bind(new InetSocketAddress(localAddressFor(address), 0));
            channel.connect(server);
            endpoint = new ClientEndpoint(channel, server, effective, resume);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return endpoint.handshake();
    }

    /** The loopback address of the server's family for a loopback server, else the wildcard (null). */
    private static InetAddress localAddressFor(InetAddress server) throws IOException {
        if (!server.isLoopbackAddress()) {
            return null;
        }
        return server instanceof Inet6Address
                ? InetAddress.getByName("::1")
                : InetAddress.getByName("127.0.0.1");
    }
}
