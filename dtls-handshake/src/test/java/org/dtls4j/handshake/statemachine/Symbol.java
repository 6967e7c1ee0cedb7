package org.dtls4j.handshake.statemachine;

import static org.dtls4j.handshake.AlertDescription.BAD_CERTIFICATE;
import static org.dtls4j.handshake.AlertDescription.DECODE_ERROR;
import static org.dtls4j.handshake.AlertDescription.DECRYPT_ERROR;
import static org.dtls4j.handshake.AlertDescription.HANDSHAKE_FAILURE;
import static org.dtls4j.handshake.AlertDescription.ILLEGAL_PARAMETER;
import static org.dtls4j.handshake.AlertDescription.UNEXPECTED_MESSAGE;

import java.util.EnumSet;
import java.util.Set;
import org.dtls4j.handshake.AlertDescription;

/**
 * The alphabet of the state-machine walk: what the scripted peer sends next (or, for
 * {@link #TIMER}, lets happen). Each symbol names the fatal alerts the engine may answer it with
 * when it is out of place or wrong; {@code unexpected_message} is always among them (RFC 5246 §7.4:
 * messages "MUST be sent in the order specified"), {@code internal_error} never is.
 *
 * <p>{@link #HONEST} stands for whatever an honest peer would send next, {@link #DEVIANT} for a
 * wrong variant of it; the walk records the symbol they resolved to.
 */
enum Symbol {
    // ---------------------------------------------------------------- either peer
    HONEST(Side.BOTH),
    CERTIFICATE(Side.BOTH),
    CERTIFICATE_EMPTY(Side.BOTH, HANDSHAKE_FAILURE, BAD_CERTIFICATE),
    CERTIFICATE_UNTRUSTED(Side.BOTH, BAD_CERTIFICATE),
    CHANGE_CIPHER_SPEC(Side.BOTH),
    FINISHED(Side.BOTH, DECRYPT_ERROR),
    FINISHED_WRONG(Side.BOTH, DECRYPT_ERROR),
    APPLICATION_DATA(Side.BOTH),
    CLOSE_NOTIFY(Side.BOTH),
    FATAL_ALERT(Side.BOTH),
    /** The last handshake message again, in a new record: an honest retransmission. */
    RETRANSMIT(Side.BOTH),
    /** No datagram: time moves to the engine's next deadline. */
    TIMER(Side.BOTH),
    /** The honest peer leaves out the message it would send next, and carries on after it. */
    SKIP(Side.BOTH),
    /** A wrong variant of the message due next (an empty certificate, a wrong Finished ...), then honesty again. */
    DEVIANT(Side.BOTH),

    // ---------------------------------------------------------------- a client peer (the engine is the server)
    CLIENT_HELLO(Side.CLIENT),
    CLIENT_HELLO_WITHOUT_EMS(Side.CLIENT, HANDSHAKE_FAILURE),
    CLIENT_HELLO_NO_COMMON_SUITE(Side.CLIENT, HANDSHAKE_FAILURE),
    /** A different ClientHello under message_seq 0 once the handshake started: must be ignored. */
    CLIENT_HELLO_RESTART(Side.CLIENT),
    CLIENT_KEY_EXCHANGE(Side.CLIENT, ILLEGAL_PARAMETER, DECODE_ERROR),
    CERTIFICATE_VERIFY(Side.CLIENT, DECRYPT_ERROR),
    CERTIFICATE_VERIFY_WRONG_KEY(Side.CLIENT, DECRYPT_ERROR),
    SERVER_HELLO_DONE_FROM_CLIENT(Side.CLIENT),

    // ---------------------------------------------------------------- a server peer (the engine is the client)
    HELLO_VERIFY_REQUEST(Side.SERVER),
    SERVER_HELLO(Side.SERVER),
    SERVER_HELLO_WITHOUT_EMS(Side.SERVER, HANDSHAKE_FAILURE),
    SERVER_HELLO_UNOFFERED_SUITE(Side.SERVER, ILLEGAL_PARAMETER),
    /** A different ServerHello under message_seq 0 once one was sent: must be ignored. */
    SERVER_HELLO_RESTART(Side.SERVER),
    SERVER_KEY_EXCHANGE(Side.SERVER, DECRYPT_ERROR),
    SERVER_KEY_EXCHANGE_BAD_SIGNATURE(Side.SERVER, DECRYPT_ERROR),
    CERTIFICATE_REQUEST(Side.SERVER),
    SERVER_HELLO_DONE(Side.SERVER),
    HELLO_REQUEST(Side.SERVER);

    /** Which peer can send the symbol. */
    enum Side { BOTH, CLIENT, SERVER }

    final Side side;
    private final Set<AlertDescription> alerts;

    Symbol(Side side, AlertDescription... alerts) {
        this.side = side;
        this.alerts = EnumSet.of(UNEXPECTED_MESSAGE, alerts);
    }

    /** The alerts the engine may send when this symbol is out of place or wrong. */
    Set<AlertDescription> allowedAlerts() {
        return alerts;
    }

    /** Symbols that put a handshake message on the wire: a new one, or a restart under an old message_seq. */
    boolean isHandshakeMessage() {
        return takesMessageSeq() || this == CLIENT_HELLO_RESTART || this == SERVER_HELLO_RESTART;
    }

    /** Symbols that take the peer's next message_seq. */
    boolean takesMessageSeq() {
        if (this == CLIENT_HELLO_RESTART || this == SERVER_HELLO_RESTART) {
            return false;
        }
        switch (this) {
            case HONEST: case CHANGE_CIPHER_SPEC: case APPLICATION_DATA: case CLOSE_NOTIFY: case FATAL_ALERT:
            case RETRANSMIT: case TIMER: case SKIP: case DEVIANT:
                return false;
            default:
                return true;
        }
    }
}
