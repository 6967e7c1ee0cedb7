package org.dtls4j.handshake.fragment;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Puts incoming handshake fragments back together and hands out whole messages strictly in
 * {@code message_seq} order (RFC 6347 §4.2.2, §4.2.3).
 *
 * <p>RFC 6347 §4.2.2: "DTLS implementations maintain (at least notionally) a next_receive_seq
 * counter. This counter is initially set to zero. When a message is received, if its sequence
 * number matches next_receive_seq, next_receive_seq is incremented and the message is processed.
 * If the sequence number is less than next_receive_seq, the message MUST be discarded. If the
 * sequence number is greater than next_receive_seq, the implementation SHOULD queue the message but
 * MAY discard it." Here {@link #nextExpectedSeq()} is {@code next_receive_seq}, and it moves on when
 * the caller takes a message with {@link #poll()}.
 *
 * <p>Use:
 * <pre>{@code
 * while (record.hasRemaining()) {
 *     Outcome o = reassembler.offer(HandshakeFragment.decode(record));
 *     // o == DUPLICATE: the peer is retransmitting a flight we already have
 * }
 * for (HandshakeMessageBytes m; (m = reassembler.poll()) != null; ) { ... }
 * }</pre>
 *
 * <h2>Bounds (RFC 6347 §4.2.2 "MAY discard"; all before authentication)</h2>
 * Everything a fragment can make us hold is capped, and each cap is checked <em>before</em> anything
 * is allocated; the body buffer of a message is allocated only once a fragment of it has passed
 * every check, and then only at its declared length. See {@link Limits} for the caps and the
 * hostile shape each one answers. Each rejection leaves the reassembler exactly as it was.
 *
 * <p>A peer could fill the buffer with later messages so that the next expected one no longer fits;
 * the handshake could then never move on. So a fragment of the next expected message that does not
 * fit evicts buffered later messages, the furthest ahead first: the peer's retransmission brings
 * them back.
 *
 * <p>Not thread-safe: one reassembler belongs to one connection's engine.
 */
public final class Reassembler {

    /**
     * What {@link #offer(HandshakeFragment)} did with a fragment. Everything except
     * {@link #ACCEPTED} and {@link #DUPLICATE} is a rejection: the fragment was dropped and nothing
     * changed. A rejection is not fatal by itself; the engine may count it or end the handshake.
     */
    public enum Outcome {
        /** Buffered, or it completed its message, or it was redundant with bytes already held. */
        ACCEPTED,
        /**
         * A fragment of a message already delivered by {@link #poll()}. RFC 6347 §4.2.2: "If the
         * sequence number is less than next_receive_seq, the message MUST be discarded." The engine
         * takes it as a sign that the peer retransmits its previous flight (RFC 6347 §4.2.4).
         */
        DUPLICATE,
        /** The declared message length is above {@link Limits#maxMessageLength()}. */
        TOO_LONG,
        /** The {@code message_seq} is {@link Limits#maxMessagesAhead()} or more past the next expected one. */
        TOO_FAR_AHEAD,
        /** Buffering this new message would take the total above {@link Limits#maxBufferedBytes()}. */
        BUFFER_FULL,
        /** Its type or length differs from the first fragment of the same {@code message_seq}. */
        INCONSISTENT,
        /** It would leave more than {@link Limits#maxRangesPerMessage()} missing ranges in its message. */
        TOO_FRAGMENTED;

        /** True for every outcome that dropped the fragment as unacceptable. */
        public boolean isRejected() {
            return this != ACCEPTED && this != DUPLICATE;
        }
    }

    /**
     * The caps on what a peer can make a reassembler hold.
     *
     * @param maxMessageLength    the largest declared {@code length} accepted. Hostile shape: a 30-byte
     *                            fragment declaring a 16 MiB message, which must not make us allocate
     *                            16 MiB. Default {@value #DEFAULT_MAX_MESSAGE_LENGTH} (64 KiB): four
     *                            times a typical three-certificate chain of about 16 KiB.
     * @param maxBufferedBytes    the most body bytes held at once, over all buffered messages (each
     *                            counted at its declared length, which is what its buffer takes).
     *                            Hostile shape: sixteen fragment headers in one datagram, each
     *                            declaring a large message. Default {@value #DEFAULT_MAX_BUFFERED_BYTES}
     *                            (128 KiB): a flight whose Certificate is at the maximum, and the rest.
     *                            At least {@code maxMessageLength}.
     * @param maxMessagesAhead    how many {@code message_seq} values, counting from the next expected
     *                            one, may be buffered. Hostile shape: a fragment 60000 messages ahead,
     *                            which would otherwise sit in memory forever. Default
     *                            {@value #DEFAULT_MAX_MESSAGES_AHEAD}: the longest DTLS 1.2 flight
     *                            has five handshake messages.
     * @param maxRangesPerMessage the most missing ranges one message may have. Each fragment costs work
     *                            proportional to this number. Hostile shape: 1-byte fragments at every
     *                            other offset, which would otherwise cut a message into thousands of
     *                            gaps and make each further fragment slower (quadratic CPU). Default
     *                            {@value #DEFAULT_MAX_RANGES_PER_MESSAGE}; at least 2, since the first
     *                            fragment to arrive may come from the middle.
     */
    public record Limits(int maxMessageLength, int maxBufferedBytes, int maxMessagesAhead, int maxRangesPerMessage) {

        public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024;
        public static final int DEFAULT_MAX_BUFFERED_BYTES = 128 * 1024;
        public static final int DEFAULT_MAX_MESSAGES_AHEAD = 8;
        public static final int DEFAULT_MAX_RANGES_PER_MESSAGE = 64;

        /** @throws IllegalArgumentException if a cap is out of range or the caps contradict each other */
        public Limits {
            if (maxMessageLength < 0 || maxMessageLength > HandshakeFragment.MAX_UINT24) {
                throw new IllegalArgumentException("maxMessageLength must be 0.." + HandshakeFragment.MAX_UINT24
                        + ": " + maxMessageLength);
            }
            if (maxBufferedBytes < maxMessageLength) {
                throw new IllegalArgumentException("maxBufferedBytes (" + maxBufferedBytes
                        + ") must be at least maxMessageLength (" + maxMessageLength + ")");
            }
            if (maxMessagesAhead < 1) {
                throw new IllegalArgumentException("maxMessagesAhead must be at least 1: " + maxMessagesAhead);
            }
            if (maxRangesPerMessage < 2) {
                throw new IllegalArgumentException("maxRangesPerMessage must be at least 2: " + maxRangesPerMessage);
            }
        }

        /** 64 KiB per message, 128 KiB in all, 8 messages ahead, 64 missing ranges per message. */
        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_MESSAGE_LENGTH, DEFAULT_MAX_BUFFERED_BYTES,
                    DEFAULT_MAX_MESSAGES_AHEAD, DEFAULT_MAX_RANGES_PER_MESSAGE);
        }
    }

    private final Limits limits;
    /** Messages not yet delivered, by {@code message_seq}; all keys are in the window. */
    private final TreeMap<Integer, PartialMessage> pending = new TreeMap<>();
    private int nextExpectedSeq;
    private int bufferedBytes;

    public Reassembler(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A reassembler with {@link Limits#defaults()}. */
    public Reassembler() {
        this(Limits.defaults());
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Offers one fragment. The checks run in this order, and the first that fails decides the
     * outcome: already delivered ({@code DUPLICATE}), too far ahead, too long, inconsistent with
     * earlier fragments, no room, too fragmented. Only then is anything allocated or copied.
     */
    public Outcome offer(HandshakeFragment f) {
        int seq = f.messageSeq();
        // RFC 6347 §4.2.2: "If the sequence number is less than next_receive_seq, the message MUST be discarded."
        if (seq < nextExpectedSeq) {
            return Outcome.DUPLICATE;
        }
        // RFC 6347 §4.2.2: later messages "SHOULD queue the message but MAY discard it": we queue a few.
        if (seq - nextExpectedSeq >= limits.maxMessagesAhead()) {
            return Outcome.TOO_FAR_AHEAD;
        }
        if (f.length() > limits.maxMessageLength()) {
            return Outcome.TOO_LONG;
        }
        PartialMessage message = pending.get(seq);
        if (message == null) {
            return offerFirst(f);
        }
        // RFC 6347 §4.2.3: "The length field in all messages is the same as the length field of the
        // original message." (and so, of course, is the type).
        if (!message.matches(f.msgType(), f.length())) {
            return Outcome.INCONSISTENT;
        }
        int to = f.fragmentOffset() + f.fragmentLength();
        if (message.missingRangesAfter(f.fragmentOffset(), to) > limits.maxRangesPerMessage()) {
            return Outcome.TOO_FRAGMENTED;
        }
        message.fill(f.fragmentOffset(), f.bodyNoCopy());
        return Outcome.ACCEPTED;
    }

    /** The first fragment seen of a message: make room, then allocate its buffer. */
    private Outcome offerFirst(HandshakeFragment f) {
        if (f.fragmentLength() == 0 && f.length() > 0) {
            // Carries no bytes of a non-empty message: nothing to keep, so nothing is allocated.
            return Outcome.ACCEPTED;
        }
        if (!makeRoom(f.messageSeq(), f.length())) {
            return Outcome.BUFFER_FULL;
        }
        PartialMessage message = new PartialMessage(f.msgType(), f.length());
        message.fill(f.fragmentOffset(), f.bodyNoCopy());
        pending.put(f.messageSeq(), message);
        bufferedBytes += message.length();
        return Outcome.ACCEPTED;
    }

    /**
     * True when {@code length} more bytes fit. For the next expected message only, later messages
     * are evicted, furthest first, until it fits; {@link Limits} guarantees that it then does.
     */
    private boolean makeRoom(int seq, int length) {
        if (bufferedBytes + length <= limits.maxBufferedBytes()) {
            return true;
        }
        if (seq != nextExpectedSeq) {
            return false;
        }
        while (bufferedBytes + length > limits.maxBufferedBytes() && !pending.isEmpty()) {
            remove(pending.lastEntry());
        }
        return bufferedBytes + length <= limits.maxBufferedBytes();
    }

    /**
     * The next complete message in {@code message_seq} order, or {@code null} when the next expected
     * message is not complete yet. Taking a message advances {@link #nextExpectedSeq()}.
     */
    public HandshakeMessageBytes poll() {
        PartialMessage message = pending.get(nextExpectedSeq);
        if (message == null || !message.isComplete()) {
            return null;
        }
        int seq = nextExpectedSeq;
        pending.remove(seq);
        bufferedBytes -= message.length();
        nextExpectedSeq++;
        return new HandshakeMessageBytes(message.msgType(), seq, message.body());
    }

    /** {@code next_receive_seq}: the {@code message_seq} that {@link #poll()} delivers next. */
    public int nextExpectedSeq() {
        return nextExpectedSeq;
    }

    /**
     * Moves {@code next_receive_seq}, for example to 2 on a server that starts after a ClientHello
     * with a valid cookie (message_seq 1) was checked statelessly. Buffered messages that fall
     * outside the new window are dropped.
     *
     * @throws IllegalArgumentException if {@code seq} is not a {@code uint16}
     */
    public void setNextExpectedSeq(int seq) {
        if (seq < 0 || seq > 0xFFFF) {
            throw new IllegalArgumentException("message_seq out of range: " + seq);
        }
        nextExpectedSeq = seq;
        while (!pending.isEmpty() && pending.firstKey() < seq) {
            remove(pending.firstEntry());
        }
        while (!pending.isEmpty() && pending.lastKey() - seq >= limits.maxMessagesAhead()) {
            remove(pending.lastEntry());
        }
    }

    /**
     * Drops every buffered message, complete or not; {@link #nextExpectedSeq()} stays. For the end
     * of a handshake: whatever is buffered beyond its last message belongs to no handshake, and
     * must not be held for the life of the connection.
     */
    public void discardBuffered() {
        pending.clear();
        bufferedBytes = 0;
    }

    /** Body bytes currently held, each buffered message counted at its declared length. */
    public int bufferedBytes() {
        return bufferedBytes;
    }

    /** How many messages are buffered, complete or not, and not yet delivered. */
    public int bufferedMessages() {
        return pending.size();
    }

    private void remove(Map.Entry<Integer, PartialMessage> entry) {
        pending.remove(entry.getKey());
        bufferedBytes -= entry.getValue().length();
    }
}
