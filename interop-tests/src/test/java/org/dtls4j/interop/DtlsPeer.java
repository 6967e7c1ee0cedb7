package org.dtls4j.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One end of a DTLS 1.2 association (RFC 6347) under test: an OpenSSL process, the JDK's
 * SSLEngine, Bouncy Castle, or dtls4j itself.
 *
 * <p>Life cycle: a {@link PeerFactory} creates the peer (a server is already bound and ready to
 * receive when it is returned, so its {@link #address()} is valid); {@link #start(Duration)} runs
 * the handshake to completion; then {@link #send(byte[])} / {@link #receive(Duration)} move
 * application datagrams; {@link #close()} releases everything, always.
 *
 * <p>Payloads: OpenSSL peers move text lines through a process's stdin/stdout, so interop
 * payloads are single lines of printable ASCII ending in {@code '\n'} that do not start with a
 * letter {@code s_server} treats as a command (see {@link Payloads}); other peers move any bytes.
 */
public interface DtlsPeer extends AutoCloseable {

    /** Which side of the handshake a peer plays. */
    enum Role { CLIENT, SERVER }

    /** A short name for reports, e.g. {@code "openssl"}, {@code "jdk"}, {@code "bc"}, {@code "dtls4j"}. */
    String name();

    /** Client or server. */
    Role role();

    /** Where this peer's UDP socket is: for a server, where clients send. */
    InetSocketAddress address();

    /**
     * Runs the handshake (client) or waits for one (server) until it completes.
     *
     * @throws IOException (a {@link PeerException} for harness peers) if it fails or takes longer than {@code timeout}
     */
    void start(Duration timeout) throws IOException;

    /** The negotiated suite, known once {@link #start(Duration)} returned (IANA name where known). */
    String cipherSuite();

    /** Sends one application datagram (one record). */
    void send(byte[] datagram) throws IOException;

    /**
     * The next application datagram.
     *
     * @throws IOException if none arrives within {@code timeout}
     */
    byte[] receive(Duration timeout) throws IOException;

    /**
     * What this peer can tell about itself for a failure message: an OpenSSL process's command
     * line and output, an in-process peer's state and counters.
     */
    default String diagnostics() {
        return name() + " " + role();
    }

    /** Releases the socket, threads or process. Never throws; safe to call twice. */
    @Override
    void close();
}
