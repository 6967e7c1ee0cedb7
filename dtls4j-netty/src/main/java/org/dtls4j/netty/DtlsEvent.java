package org.dtls4j.netty;

import java.net.InetSocketAddress;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.Negotiated;

/**
 * What the DTLS handlers tell the rest of the pipeline through
 * {@code ChannelInboundHandler.userEventTriggered}: a handshake completed or failed, a connection
 * ended. Each carries the peer's address, so that one server channel can tell its peers apart.
 */
public sealed interface DtlsEvent {
    /** The peer this event is about. */
    InetSocketAddress peer();

    /**
     * The handshake with {@code peer} completed; application data may flow both ways now.
     *
     * @param negotiated the suite, group, peer certificates, ALPN, Connection IDs and session
     */
    record HandshakeCompleted(InetSocketAddress peer, Negotiated negotiated) implements DtlsEvent {
    }

    /**
     * The handshake with {@code peer} failed: a fatal alert sent or received, or no completion within
     * {@code DtlsConfig.handshakeTimeout()} (a {@code DtlsTimeoutException}, no alert sent). On a
     * server this comes only for peers that passed the cookie exchange: whatever is dropped before
     * is only counted (RFC 6347 §4.2.1).
     */
    record HandshakeFailed(InetSocketAddress peer, DtlsException cause) implements DtlsEvent {
    }

    /**
     * An established connection with {@code peer} ended.
     *
     * @param cause the engine's failure for {@link CloseReason#FAILED}, otherwise {@code null}
     */
    record Closed(InetSocketAddress peer, CloseReason reason, DtlsException cause) implements DtlsEvent {
    }
}
