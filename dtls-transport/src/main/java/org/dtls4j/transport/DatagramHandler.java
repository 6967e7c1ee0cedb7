package org.dtls4j.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Push-style receiving: called with each application datagram a connection receives, on the
 * thread that decrypted it (a server's connection worker, a client's I/O loop), instead of
 * queueing it for {@link DtlsConnection#receive()}. Set with {@link DtlsConnection#onReceive}.
 *
 * <pre>{@code
 * server.onConnection(c -> c.onReceive((connection, data) -> connection.send(data)));   // an echo server
 * }</pre>
 *
 * <p>One thread serves many connections this way, where {@code receive()} needs a thread per
 * connection. The handler must return quickly and must not block: other peers on the same
 * worker wait while it runs (hand longer work to an executor, with a copy of the data).
 */
@FunctionalInterface
public interface DatagramHandler {
    /**
     * One received datagram: {@code data}'s remaining bytes. The buffer is the transport's and is
     * reused after the call returns: read it (or {@link DtlsConnection#send(ByteBuffer) send} it)
     * during the call, and copy what you keep. Runs under the connection's lock; sending on the
     * same connection from here is fine. An exception (such as the {@link IOException} of a send on
     * a connection that has just ended) is logged and the connection goes on.
     */
    void onDatagram(DtlsConnection connection, ByteBuffer data) throws IOException;

    /**
     * The connection ended, for {@code why.reason()}; called once, after the last
     * {@link #onDatagram}. Does nothing unless overridden.
     */
    default void onEnd(DtlsConnection connection, ConnectionClosedException why) {
    }
}
