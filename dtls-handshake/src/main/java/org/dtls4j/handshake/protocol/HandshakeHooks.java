package org.dtls4j.handshake.protocol;

import java.net.SocketAddress;
import java.util.function.Supplier;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.flight.Flight;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.record.RecordLayer;

/**
 * What a client or server handshake asks of the engine that runs it. The handshake decides what to
 * send; the engine turns flights into records and datagrams, and its flight tracker decides when
 * a flight goes out again (RFC 6347 §4.2.4).
 */
public interface HandshakeHooks {
    /** The connection's record layer, where the handshake installs new epochs' keys. */
    RecordLayer recordLayer();

    /**
     * A whole message of the peer's arrived and is about to be processed: the flight tracker keeps
     * it to recognise the peer's retransmissions.
     */
    void peerMessage(HandshakeMessageBytes message);

    /**
     * Sends a flight (RFC 6347 §4.2.4). With {@code awaitsAnswer} the retransmission timer runs until
     * the peer's next flight arrives; without it this is our final flight, kept and sent again only
     * when the peer retransmits its own last flight.
     */
    void sendFlight(Flight flight, boolean awaitsAnswer);

    /**
     * The hellos agreed on record sizes (RFC 6066 §4, RFC 8449 §4): the records sent from now on,
     * and the protected records received, keep to {@code limits}. Called once per handshake, when
     * the server has read the ClientHello and when the client has read the ServerHello.
     */
    void recordLimits(RecordLimits limits);

    /** The handshake is complete and verified. */
    void completed(Negotiated negotiated);

    /** A line for the learner's trace (System.Logger DEBUG), built only if that level is on. */
    void trace(Supplier<String> line);

    /**
     * Where the peer's datagrams come from, for a {@code RawPublicKeyVerifier}; {@code null} when not
     * known (datagrams given without their source).
     */
    default SocketAddress peerAddress() {
        return null;
    }
}
