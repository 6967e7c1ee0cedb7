package org.dtls4j.record;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The read side of a {@link RecordLayer}: read epochs with their replay windows, the checks every
 * received record goes through (listed in the {@link RecordLayer} class comment), the discard
 * counters, and the scratch buffer decrypted records land in.
 *
 * <p>Headers are read in place with {@code RecordHeader}'s {@code *At} helpers rather than decoded
 * into objects, so that receiving allocates nothing of ours.
 */
final class RecordReceiver {
    private static final Logger LOG = System.getLogger(RecordLayer.class.getName());

    private final int replayWindowSize;
    private final List<ReadState> states = new ArrayList<>(4);
    private int newestEpoch;
    private final DiscardCounters discards = new DiscardCounters();
    /** Buffers grow in steps of this many bytes, so that a few sizes cover all records. */
    private static final int PLAINTEXT_STEP = 512;
    /**
     * Decrypted plaintext of the record being delivered; valid during one onRecord call. It starts
     * empty and grows to the largest record this connection has opened (at most 2^14 + 2048
     * bytes, the largest fragment the checks let through), so that an idle connection whose
     * records fit one path MTU keeps about 1.5 KB here instead of 18 KB.
     */
    private byte[] plaintext = new byte[0];
    private boolean receiving;

    RecordReceiver(int replayWindowSize) {
        this.replayWindowSize = replayWindowSize;
        states.add(new ReadState(0, null, replayWindowSize));
    }

    void installEpoch(int epoch, RecordProtection protection) {
        states.add(new ReadState(epoch, protection, replayWindowSize));
        newestEpoch = epoch;
    }

    int newestEpoch() {
        return newestEpoch;
    }

    void retireEpochsBelow(int epoch) {
        states.removeIf(s -> s.epoch < epoch);
    }

    DiscardCounters discards() {
        return discards;
    }

    void receive(byte[] datagram, int off, int len, RecordSink sink) {
        enter();
        try {
            int pos = off;
            int end = off + len;
            while (pos < end) {
                int recordLength = frame(datagram, pos, end);
                if (recordLength < 0) {
                    return;
                }
                process(datagram, pos, recordLength, sink);
                pos += recordLength;
            }
        } finally {
            receiving = false;
        }
    }

    void receiveRecord(byte[] record, int off, int len, RecordSink sink) {
        enter();
        try {
            if (len < RecordHeader.LENGTH) {
                discard(Discard.TRUNCATED_HEADER);
            } else if (RecordHeader.LENGTH + RecordHeader.lengthAt(record, off) != len) {
                discard(Discard.BAD_LENGTH);
            } else {
                process(record, off, len, sink);
            }
        } finally {
            receiving = false;
        }
    }

    private void enter() {
        if (receiving) {
            throw new IllegalStateException("receive must not be called from inside a RecordSink callback");
        }
        receiving = true;
    }

    /**
     * The length of the record starting at {@code pos}, header included, or -1 if the rest of the
     * datagram holds no complete record (counted as a discard).
     */
    private int frame(byte[] b, int pos, int end) {
        if (end - pos < RecordHeader.LENGTH) {
            discard(Discard.TRUNCATED_HEADER);
            return -1;
        }
        int fragmentLength = RecordHeader.lengthAt(b, pos);
        // RFC 6347 §4.1.1: "Each DTLS record MUST fit within a single datagram." Past this point
        // the next record boundary is unknown, so nothing more of the datagram can be read.
        if (fragmentLength > end - pos - RecordHeader.LENGTH) {
            discard(Discard.BAD_LENGTH);
            return -1;
        }
        return RecordHeader.LENGTH + fragmentLength;
    }

    private void process(byte[] b, int off, int len, RecordSink sink) {
        Discard reason = checkAndDeliver(b, off, len, sink);
        if (reason != null) {
            discard(reason);
        }
    }

    /** Runs the checks on one framed record; returns why it was dropped, or null. */
    private Discard checkAndDeliver(byte[] b, int off, int len, RecordSink sink) {
        int fragmentLength = len - RecordHeader.LENGTH;
        // RFC 5246 §6.2.3: "The length MUST NOT exceed 2^14 + 2048."
        if (fragmentLength > RecordHeader.MAX_CIPHERTEXT_LENGTH) {
            return Discard.RECORD_OVERFLOW;
        }
        ContentType type = ContentType.fromCode(RecordHeader.typeCodeAt(b, off));
        if (type == null) {
            return Discard.UNKNOWN_CONTENT_TYPE;
        }
        int version = RecordHeader.versionAt(b, off);
        int epoch = RecordHeader.epochAt(b, off);
        if (!versionAllowed(version, epoch)) {
            return Discard.BAD_VERSION;
        }
        ReadState state = state(epoch);
        if (state == null) {
            if (epoch == newestEpoch + 1) {
                // RFC 6347 §4.1: records "protected by the newly negotiated context" may arrive
                // before the handshake installs it; "Implementations MAY either buffer or discard
                // such packets". The sink chooses.
                return sink.onFutureEpoch(epoch, b, off, len) ? null : Discard.FUTURE_EPOCH;
            }
            return Discard.UNKNOWN_EPOCH;
        }
        long seq = RecordHeader.sequenceNumberAt(b, off);
        int fragmentOff = off + RecordHeader.LENGTH;
        if (state.protection == null) {
            return deliverPlaintext(state, type, seq, b, fragmentOff, fragmentLength, sink);
        }
        return deliverProtected(state, type, version, seq, b, fragmentOff, fragmentLength, sink);
    }

    /**
     * RFC 6347 §4.1: DTLS 1.2 "uses the version { 254, 253 }". Epoch 0 also takes DTLS 1.0:
     * RFC 6347 §4.2.1 says "DTLS 1.2 server implementations SHOULD use DTLS version 1.0 regardless
     * of the version of TLS that is expected to be negotiated" for HelloVerifyRequest, and OpenSSL
     * and GnuTLS put {254, 255} in the record header of that message and of their first ClientHello.
     */
    private static boolean versionAllowed(int version, int epoch) {
        return version == ProtocolVersion.DTLS_1_2 || (epoch == 0 && version == ProtocolVersion.DTLS_1_0);
    }

    private Discard deliverPlaintext(ReadState state, ContentType type, long seq,
                                     byte[] b, int off, int len, RecordSink sink) {
        // RFC 5246 §6.2.1: "The length MUST NOT exceed 2^14."
        if (len > RecordHeader.MAX_PLAINTEXT_LENGTH) {
            return Discard.RECORD_OVERFLOW;
        }
        // Epoch 0 has no replay window. RFC 6347 §4.1.2.6 marks a record as seen only after its MAC
        // verified, and epoch 0 has no MAC: a window here would move on the word of anyone who can
        // send us a datagram, and one forged record with a high sequence number would make every
        // genuine handshake record after it look old. The handshake layer drops duplicates by
        // message_seq instead, and application data is never accepted in epoch 0.
        sink.onRecord(type, state.epoch, seq, b, off, len);
        return null;
    }

    private Discard deliverProtected(ReadState state, ContentType type, int version, long seq,
                                     byte[] b, int off, int len, RecordSink sink) {
        RecordProtection protection = state.protection;
        if (len < protection.expansion()) {
            return Discard.TOO_SHORT_FOR_CIPHER;
        }
        // RFC 6347 §4.1.2.6: the duplicate check "SHOULD be the first check applied to a packet
        // after it has been matched to a session, to speed rejection of duplicate records."
        // It must come before decryption: a replayed record is never decrypted twice.
        if (!state.window.mayAccept(seq)) {
            return Discard.REPLAY;
        }
        int plaintextLength;
        ensurePlaintextRoom(len - protection.expansion());
        try {
            plaintextLength = protection.unprotect(type, version, state.epoch, seq, b, off, len, plaintext, 0);
        } catch (GeneralSecurityException e) {
            // RFC 6347 §4.1.2.6: "If the MAC validation fails, the receiver MUST discard the
            // received record as invalid. The receive window is updated only if the MAC
            // verification succeeds."
            return Discard.BAD_MAC;
        }
        state.window.markAuthenticated(seq);
        // RFC 5246 §6.2.3: a record that decrypts to more than 2^14 bytes is an overflow.
        if (plaintextLength > RecordHeader.MAX_PLAINTEXT_LENGTH) {
            return Discard.RECORD_OVERFLOW;
        }
        sink.onRecord(type, state.epoch, seq, plaintext, 0, plaintextLength);
        return null;
    }

    /**
     * Grows the plaintext buffer to hold {@code needed} bytes. A forged record can make it grow
     * too, but never past the size of the largest fragment the checks let through.
     */
    private void ensurePlaintextRoom(int needed) {
        if (plaintext.length < needed) {
            int rounded = (needed + PLAINTEXT_STEP - 1) / PLAINTEXT_STEP * PLAINTEXT_STEP;
            plaintext = new byte[Math.min(rounded, RecordHeader.MAX_CIPHERTEXT_LENGTH)];
        }
    }

    private ReadState state(int epoch) {
        for (int i = 0; i < states.size(); i++) {
            ReadState s = states.get(i);
            if (s.epoch == epoch) {
                return s;
            }
        }
        return null;
    }

    private void discard(Discard reason) {
        discards.increment(reason);
        // RFC 6347 §4.1.2.7: "an error MAY be logged for diagnostic purposes."
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "record discarded: {0}", reason);
        }
    }

    /** For argument checks in the public API. */
    static void checkRange(byte[] b, int off, int len, RecordSink sink) {
        Objects.checkFromIndexSize(off, len, b.length);
        Objects.requireNonNull(sink, "sink");
    }
}
