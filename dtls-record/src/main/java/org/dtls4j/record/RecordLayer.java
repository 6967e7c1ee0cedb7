package org.dtls4j.record;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One connection's DTLS record layer, RFC 6347 §4.1: read and write state per epoch, 48-bit
 * sequence numbers, replay windows and discard counters. It knows nothing about handshakes.
 *
 * <p><b>Receiving.</b> {@link #receive} splits a datagram into records (RFC 6347 §4.1.1:
 * "Multiple DTLS records may be placed in a single datagram. They are simply encoded
 * consecutively.") and runs each through these checks, in order, discarding and counting it at the
 * first that fails:
 *
 * <pre>
 *   13 header bytes left?                 no  -&gt; TRUNCATED_HEADER, rest of datagram dropped
 *   fragment fits in the datagram?        no  -&gt; BAD_LENGTH, rest of datagram dropped
 *   fragment &lt;= 2^14 + 2048?              no  -&gt; RECORD_OVERFLOW
 *   content type known?                   no  -&gt; UNKNOWN_CONTENT_TYPE
 *   version DTLS 1.2 (or 1.0 in epoch 0)? no  -&gt; BAD_VERSION
 *   epoch installed?                      no  -&gt; next epoch: sink.onFutureEpoch, else FUTURE_EPOCH
 *                                              other:       UNKNOWN_EPOCH
 *   epoch 0:  fragment &lt;= 2^14?           no  -&gt; RECORD_OVERFLOW
 *   epoch 1+: fragment &gt;= nonce + tag?    no  -&gt; TOO_SHORT_FOR_CIPHER
 *   replay window allows the number?      no  -&gt; REPLAY        (before any decryption)
 *   epoch 1+: tag verifies?               no  -&gt; BAD_MAC       (window unchanged)
 *   mark the number in the window
 *   epoch 1+: plaintext &lt;= 2^14?          no  -&gt; RECORD_OVERFLOW
 *   sink.onRecord(...)
 * </pre>
 *
 * <p>Nothing a peer sends makes these methods throw (RFC 6347 §4.1.2.7: "invalid records SHOULD be
 * silently discarded"). Exceptions signal only programming errors of the caller: bad indexes, an
 * epoch that is not installed for writing, or a sink that calls back into {@code receive}.
 *
 * <p><b>Writing.</b> Every installed write epoch stays usable until retired, because a
 * retransmitted flight can mix epochs (ClientKeyExchange in epoch 0 and Finished in epoch 1).
 * Each epoch has its own sequence numbers, which never repeat and never wrap.
 *
 * <p><b>Allocation.</b> After construction, {@link #writeRecord} and {@link #receive} allocate
 * nothing of ours: headers are read and written in place, nonces and additional data go into
 * scratch arrays held by each {@link RecordProtection}, and decrypted records land in one
 * plaintext buffer held here. JCA may still allocate inside the ciphers.
 *
 * <p>Not thread-safe: one thread drives a connection at a time. {@link #discards()} may be read
 * from any thread.
 */
public final class RecordLayer {
    private static final Logger LOG = System.getLogger(RecordLayer.class.getName());

    private final int replayWindowSize;
    private final List<ReadState> readStates = new ArrayList<>(4);
    private final List<WriteState> writeStates = new ArrayList<>(4);
    private int newestReadEpoch;
    private int newestWriteEpoch;
    private final DiscardCounters discards = new DiscardCounters();
    /** Decrypted plaintext of the record being delivered; valid during one onRecord call. */
    private final byte[] plaintext = new byte[RecordHeader.MAX_CIPHERTEXT_LENGTH];
    private boolean receiving;

    /** A record layer with the default replay window of 64 records per epoch. */
    public RecordLayer() {
        this(ReplayWindow.DEFAULT_SIZE);
    }

    /**
     * A record layer with epoch 0 (no protection) installed for reading and writing.
     *
     * @param replayWindowSize records per epoch's replay window, see {@link ReplayWindow#ReplayWindow(int)}
     */
    public RecordLayer(int replayWindowSize) {
        this.replayWindowSize = new ReplayWindow(replayWindowSize).size();
        readStates.add(new ReadState(0, null, replayWindowSize));
        writeStates.add(new WriteState(0, null));
    }

    // ---------------------------------------------------------------- read side

    /**
     * Installs the keys for reading {@code epoch}, which must be one more than {@link #readEpoch()}.
     * Older epochs stay readable until {@link #retireReadEpochsBelow(int)}: RFC 6347 §4.1: "Until
     * the handshake has completed, implementations MUST accept packets from the old epoch."
     */
    public void installReadEpoch(int epoch, RecordProtection protection) {
        checkNextEpoch(epoch, newestReadEpoch, "read");
        readStates.add(new ReadState(epoch, Objects.requireNonNull(protection, "protection"), replayWindowSize));
        newestReadEpoch = epoch;
    }

    /** The newest installed read epoch. */
    public int readEpoch() {
        return newestReadEpoch;
    }

    /**
     * Forgets the read state of every epoch below {@code epoch}; their records then count as
     * {@link Discard#UNKNOWN_EPOCH}. RFC 6347 §4.1: "In general, implementations SHOULD discard
     * packets from earlier epochs".
     *
     * @throws IllegalArgumentException if that would retire the newest read epoch
     */
    public void retireReadEpochsBelow(int epoch) {
        if (epoch > newestReadEpoch) {
            throw new IllegalArgumentException("cannot retire epoch " + newestReadEpoch + ", the newest read epoch");
        }
        readStates.removeIf(s -> s.epoch < epoch);
    }

    /**
     * Reads every record of one datagram, handing each valid one to {@code sink} and counting each
     * invalid one in {@link #discards()}. Never throws on the datagram's contents.
     *
     * @throws IllegalStateException if called from inside a {@link RecordSink} callback
     */
    public void receive(byte[] datagram, int off, int len, RecordSink sink) {
        Objects.checkFromIndexSize(off, len, datagram.length);
        Objects.requireNonNull(sink, "sink");
        enterReceive();
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

    /**
     * Reads one whole record, header included, exactly as a sink's {@link RecordSink#onFutureEpoch}
     * saw it; used to re-feed a record kept until its epoch was installed. A length that does not
     * match the header counts as {@link Discard#BAD_LENGTH}.
     *
     * @throws IllegalStateException if called from inside a {@link RecordSink} callback
     */
    public void receiveRecord(byte[] record, int off, int len, RecordSink sink) {
        Objects.checkFromIndexSize(off, len, record.length);
        Objects.requireNonNull(sink, "sink");
        enterReceive();
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

    /** Discarded records by reason, since construction. */
    public DiscardCounters discards() {
        return discards;
    }

    private void enterReceive() {
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

    /** Runs the checks of the class comment on one framed record; returns why it was dropped, or null. */
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
        ReadState state = readState(epoch);
        if (state == null) {
            if (epoch == newestReadEpoch + 1) {
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
        // Epoch 0 has no MAC to verify, so the replay window moves at once; it still drops
        // duplicated datagrams before the handshake layer sees them twice.
        if (!state.window.mayAccept(seq)) {
            return Discard.REPLAY;
        }
        state.window.markAuthenticated(seq);
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

    private ReadState readState(int epoch) {
        for (int i = 0; i < readStates.size(); i++) {
            ReadState s = readStates.get(i);
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

    // ---------------------------------------------------------------- write side

    /**
     * Installs the keys for writing {@code epoch}, which must be one more than
     * {@link #writeEpoch()}. Older write epochs stay usable (for retransmitted flights) until
     * {@link #retireWriteEpochsBelow(int)}.
     */
    public void installWriteEpoch(int epoch, RecordProtection protection) {
        checkNextEpoch(epoch, newestWriteEpoch, "write");
        writeStates.add(new WriteState(epoch, Objects.requireNonNull(protection, "protection")));
        newestWriteEpoch = epoch;
    }

    /** The newest installed write epoch. */
    public int writeEpoch() {
        return newestWriteEpoch;
    }

    /**
     * Forgets the write state of every epoch below {@code epoch}.
     *
     * @throws IllegalArgumentException if that would retire the newest write epoch
     */
    public void retireWriteEpochsBelow(int epoch) {
        if (epoch > newestWriteEpoch) {
            throw new IllegalArgumentException("cannot retire epoch " + newestWriteEpoch + ", the newest write epoch");
        }
        writeStates.removeIf(s -> s.epoch < epoch);
    }

    /**
     * Bytes a record of this write epoch adds to its payload: the 13-byte header plus the
     * protection's expansion. RFC 6347 §4.1.1.1: "The DTLS record layer SHOULD allow the upper
     * layer protocol to discover the amount of record expansion expected by the DTLS processing."
     */
    public int recordOverhead(int epoch) {
        RecordProtection p = writeState(epoch).protection;
        return RecordHeader.LENGTH + (p == null ? 0 : p.expansion());
    }

    /** The sequence number the next record of this write epoch will carry. */
    public long nextWriteSequence(int epoch) {
        return writeState(epoch).nextSequenceNumber();
    }

    /** Lets a test start an epoch near the end of the sequence space. */
    void setNextWriteSequence(int epoch, long seq) {
        writeState(epoch).setNextSequenceNumber(seq);
    }

    /** {@link #writeRecord(ContentType, int, int, byte[], int, int, byte[], int)} with version DTLS 1.2. */
    public int writeRecord(ContentType type, int epoch, byte[] payload, int off, int len, byte[] out, int outOff) {
        return writeRecord(type, ProtocolVersion.DTLS_1_2, epoch, payload, off, len, out, outOff);
    }

    /**
     * Writes one record, header and protected fragment, at {@code out[outOff]}, taking the next
     * sequence number of {@code epoch}. {@code payload} and {@code out} must not overlap. The
     * record takes {@code len + recordOverhead(epoch)} bytes.
     *
     * @param version the record version; {@link ProtocolVersion#DTLS_1_2} except for a client's
     *                first ClientHello, which may carry {@link ProtocolVersion#DTLS_1_0}
     * @return bytes written
     * @throws SequenceNumberExhaustedException if the epoch has used sequence number 2^48-1
     * @throws IllegalArgumentException if the epoch is not installed, the payload exceeds 2^14 bytes
     *         or {@code out} has no room for the record
     * @throws IllegalStateException if the cipher fails (a broken JCA provider, not peer input)
     */
    public int writeRecord(ContentType type, int version, int epoch, byte[] payload, int off, int len,
                           byte[] out, int outOff) {
        Objects.requireNonNull(type, "type");
        WriteState state = writeState(epoch);
        if (version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("version out of 16-bit range: " + version);
        }
        Objects.checkFromIndexSize(off, len, payload.length);
        // RFC 5246 §6.2.1: "The length MUST NOT exceed 2^14."
        if (len > RecordHeader.MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("payload of " + len + " bytes; a record carries at most 2^14");
        }
        int recordLength = len + recordOverhead(epoch);
        if (outOff < 0 || outOff > out.length || out.length - outOff < recordLength) {
            throw new IllegalArgumentException("no room for a " + recordLength + "-byte record at offset "
                    + outOff + " of a " + out.length + "-byte buffer");
        }
        long seq = state.takeSequenceNumber();
        RecordHeader.encode(out, outOff, type, version, epoch, seq, recordLength - RecordHeader.LENGTH);
        int fragmentOff = outOff + RecordHeader.LENGTH;
        if (state.protection == null) {
            System.arraycopy(payload, off, out, fragmentOff, len);
        } else {
            try {
                state.protection.protect(type, version, epoch, seq, payload, off, len, out, fragmentOff);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("record protection failed in epoch " + epoch, e);
            }
        }
        return recordLength;
    }

    private WriteState writeState(int epoch) {
        for (int i = 0; i < writeStates.size(); i++) {
            WriteState s = writeStates.get(i);
            if (s.epoch == epoch) {
                return s;
            }
        }
        throw new IllegalArgumentException("epoch " + epoch + " is not installed for writing");
    }

    /** RFC 6347 §4.1: the epoch "is incremented on every cipher state change" and must not wrap. */
    private static void checkNextEpoch(int epoch, int newest, String side) {
        if (newest == RecordHeader.MAX_EPOCH) {
            throw new IllegalStateException("epoch " + newest + " is the last; implementations "
                    + "\"MUST NOT allow the epoch to wrap\" (RFC 6347 §4.1)");
        }
        if (epoch != newest + 1) {
            throw new IllegalArgumentException("next " + side + " epoch must be " + (newest + 1) + ", not " + epoch);
        }
    }
}
