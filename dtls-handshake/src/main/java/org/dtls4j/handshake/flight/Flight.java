package org.dtls4j.handshake.flight;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import org.dtls4j.codec.ByteWriter;
import org.dtls4j.handshake.fragment.HandshakeFragment;

/**
 * One flight: the messages a side sends in one go before it waits for the peer (RFC 6347 §4.2.4),
 * kept so that the whole flight can be sent again when the retransmission timer fires.
 *
 * <p>RFC 6347 §4.2.4: "DTLS messages are grouped into a series of message flights" and, on timer
 * expiry, the implementation "retransmits the flight". A flight is therefore stored as its messages,
 * not as the records or datagrams that carried them: a retransmission may cut the messages smaller
 * ({@link #fragmentBudget(int, int)}), and the record layer gives every retransmitted record a new
 * record sequence number.
 *
 * <p>Immutable. It knows nothing about which message types belong together; the state machines
 * decide that. One exception the engine must apply, not this class: a HelloVerifyRequest is never
 * kept as a flight for retransmission. RFC 6347 §3.2.1: "Note that timeout and retransmission do
 * not apply to the HelloVerifyRequest, because this would require creating state on the server."
 */
public final class Flight {

    /**
     * The largest datagram that any IPv4 path must deliver: the 576-byte reassembly minimum of
     * RFC 791 less a 60-byte IPv4 header with options and the 8-byte UDP header.
     */
    public static final int SAFE_DATAGRAM_SIZE = 508;

    /** The intermediate step between the configured size and {@link #SAFE_DATAGRAM_SIZE}. */
    public static final int REDUCED_DATAGRAM_SIZE = 1024;

    /** From this many retransmissions on, a flight is sent in smaller datagrams. */
    public static final int RETRANSMISSIONS_BEFORE_BACKOFF = 2;

    private final List<OutgoingMessage> messages;

    /**
     * @param messages the flight's messages in sending order; not empty
     * @throws IllegalArgumentException if {@code messages} is empty
     */
    public Flight(List<OutgoingMessage> messages) {
        this.messages = List.copyOf(messages);
        if (this.messages.isEmpty()) {
            throw new IllegalArgumentException("a flight has at least one message");
        }
    }

    /** The messages in sending order (unmodifiable). */
    public List<OutgoingMessage> messages() {
        return messages;
    }

    /**
     * The flight as record plaintexts, in order: each handshake message cut into fragments of at most
     * {@code maxRecordPayload} encoded bytes, one fragment per record, and each ChangeCipherSpec as a
     * one-byte record. Every payload is at most {@code maxRecordPayload} bytes long.
     *
     * @param maxRecordPayload the most plaintext bytes one record may carry: the datagram budget less
     *                         the record header and the cipher's expansion; more than
     *                         {@link HandshakeFragment#HEADER_LENGTH}
     */
    public List<OutgoingRecord> records(int maxRecordPayload) {
        return records(epoch -> maxRecordPayload);
    }

    /**
     * {@link #records(int)} with a budget per epoch: a message of epoch {@code e} is cut into
     * fragments of at most {@code maxRecordPayload.applyAsInt(e)} encoded bytes. The budget of an
     * epoch can differ from another's by more than the cipher's expansion: a record size limit
     * (RFC 8449 §4) applies only to the protected epochs.
     */
    public List<OutgoingRecord> records(IntUnaryOperator maxRecordPayload) {
        List<OutgoingRecord> out = new ArrayList<>();
        for (OutgoingMessage m : messages) {
            if (!m.isHandshake()) {
                out.add(new OutgoingRecord(m.epoch(), m.kind(), m.body()));
                continue;
            }
            for (HandshakeFragment f : m.fragments(maxRecordPayload.applyAsInt(m.epoch()))) {
                ByteWriter w = new ByteWriter(f.encodedLength());
                f.encode(w);
                out.add(new OutgoingRecord(m.epoch(), m.kind(), w.toByteArray()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The datagram size to use for a transmission of a flight, backing off as retransmissions go
     * unanswered.
     *
     * <p>RFC 6347 §4.1.1.1: "If repeated retransmissions do not result in a response, and the PMTU
     * is unknown, subsequent retransmissions SHOULD back off to a smaller record size, fragmenting
     * the handshake message as appropriate. This standard does not specify an exact number of
     * retransmits to attempt before backing off, but 2-3 seems appropriate."
     *
     * <p>The rule, never above {@code configuredMtu}:
     * <pre>
     * retransmissions   datagram budget
     *   0 (first send)   configuredMtu
     *   1                configuredMtu
     *   2                min(configuredMtu, 1024)
     *   3 and more       min(configuredMtu, 508)
     * </pre>
     * Other stacks: OpenSSL drops to its fallback MTU (548 bytes of UDP payload on IPv4, 1232 on
     * IPv6) after 2 timeouts; mbedTLS drops to 508 bytes after the first retransmission. The halving
     * step through 1024 keeps large certificate flights in fewer datagrams when the path only
     * slightly undercuts the configured size.
     *
     * @param configuredMtu   the configured largest datagram (UDP payload), in bytes
     * @param retransmissions how many times the flight has already been retransmitted
     *                        ({@link RetransmitTimer#retransmissions()})
     * @return the largest datagram to build for this transmission; the caller subtracts the record
     *         header and cipher expansion to get {@code maxRecordPayload} for {@link #records(int)}
     */
    public static int fragmentBudget(int configuredMtu, int retransmissions) {
        if (configuredMtu <= 0) {
            throw new IllegalArgumentException("configuredMtu must be positive: " + configuredMtu);
        }
        if (retransmissions < 0) {
            throw new IllegalArgumentException("retransmissions must not be negative: " + retransmissions);
        }
        if (retransmissions < RETRANSMISSIONS_BEFORE_BACKOFF) {
            return configuredMtu;
        }
        int cap = retransmissions == RETRANSMISSIONS_BEFORE_BACKOFF ? REDUCED_DATAGRAM_SIZE : SAFE_DATAGRAM_SIZE;
        return Math.min(configuredMtu, cap);
    }

    @Override
    public String toString() {
        return "Flight" + messages;
    }
}
