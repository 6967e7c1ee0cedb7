package org.dtls4j.record;

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
 *   epoch 1+: fragment &gt;= nonce + tag?    no  -&gt; TOO_SHORT_FOR_CIPHER  (CBC: IV, MAC, a block)
 *   replay window allows the number?      no  -&gt; REPLAY        (before any decryption)
 *   epoch 1+: tag verifies?               no  -&gt; BAD_MAC       (window unchanged; CBC: MAC or padding)
 *   mark the number in the window
 *   epoch 1+: plaintext &lt;= 2^14?          no  -&gt; RECORD_OVERFLOW
 *   sink.onRecord(...)
 * </pre>
 *
 * <p><b>Connection IDs (RFC 9146).</b> {@link #setReadConnectionId} and
 * {@link #setWriteConnectionId} give the CIDs the hellos negotiated (RFC 9146 §3); every epoch
 * installed afterwards keeps them. Epoch 0 never uses one. A write epoch with a CID sends
 * tls12_cid records: header with the peer's CID, then the protected {@link DTLSInnerPlaintext}
 * (RFC 9146 §4) under RFC 9146 §5.3's additional data. A read epoch with our CID takes only
 * tls12_cid records carrying it, and an epoch without one takes none (both
 * {@link Discard#CID_MISMATCH}, before any decryption); their length field is found with the
 * length of our own CID, which the wire does not carry. After the tag verifies, real_type is the
 * last non-zero byte of the inner plaintext ({@link Discard#ALL_ZERO_INNER_PLAINTEXT} if there is
 * none, {@link Discard#UNKNOWN_CONTENT_TYPE} if it is not 20..23). A zero-length CID means RFC
 * 6347 records in that direction (RFC 9146 §3), exactly as if none had been negotiated.
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
 * plaintext buffer per record layer, which grows (rarely) to the largest record seen so far, or
 * in an array the sink supplies ({@link RecordSink#openInto}), which it may then keep.
 * Records with a CID are assembled into an inner-plaintext buffer that grows the same way.
 * JCA may still allocate inside the ciphers. (A test holds
 * this to account by counting the bytes a thread allocates over 60,000 records.)
 *
 * <p>Not thread-safe: one thread drives a connection at a time. {@link #discards()} may be read
 * from any thread. The read side lives in {@code RecordReceiver}; this class holds the write side
 * and the public face of both.
 */
public final class RecordLayer {
    private final RecordReceiver receiver;
    private final List<WriteState> writeStates = new ArrayList<>(4);
    private int newestWriteEpoch;
    /** The peer's CID for write epochs installed from now on; null for none. */
    private byte[] writeConnectionId;
    /** The DTLSInnerPlaintext of the record being written with a CID. */
    private final ScratchBuffer innerPlaintext = new ScratchBuffer(DTLSInnerPlaintext.MAX_LENGTH);
    /** Zeros after real_type in records with a CID. */
    private InnerPlaintextPadding padding = InnerPlaintextPadding.NONE;

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
        this.receiver = new RecordReceiver(new ReplayWindow(replayWindowSize).size());
        writeStates.add(new WriteState(0, null, null));
    }

    // ---------------------------------------------------------------- read side

    /**
     * Installs the keys for reading {@code epoch}, which must be one more than {@link #readEpoch()}.
     * Older epochs stay readable until {@link #retireReadEpochsBelow(int)}: RFC 6347 §4.1: "Until
     * the handshake has completed, implementations MUST accept packets from the old epoch."
     */
    public void installReadEpoch(int epoch, RecordProtection protection) {
        checkNextEpoch(epoch, receiver.newestEpoch(), "read");
        receiver.installEpoch(epoch, Objects.requireNonNull(protection, "protection"));
    }

    /**
     * Our own connection ID, the one we asked the peer to put into the records it sends us
     * (RFC 9146 §3: "each party sends the value in the "connection_id" extension it wants to
     * receive as a CID in encrypted records"). Read epochs installed
     * after this call expect it in every record; epochs already installed keep what they had.
     * Records of the next epoch that arrive before its keys are framed with it, so set it as soon
     * as the hellos are done, before the peer can send a record of the new epoch.
     *
     * @param cid 1 to 255 bytes, copied; {@code null} or empty for none. RFC 9146 §3 on a
     *            zero-length CID: the peer then sends records in the RFC 6347 format
     * @throws IllegalArgumentException if {@code cid} is longer than 255 bytes
     */
    public void setReadConnectionId(byte[] cid) {
        receiver.setConnectionId(connectionId(cid));
    }

    /** The newest installed read epoch. */
    public int readEpoch() {
        return receiver.newestEpoch();
    }

    /**
     * Forgets the read state of every epoch below {@code epoch}; their records then count as
     * {@link Discard#UNKNOWN_EPOCH}. RFC 6347 §4.1: "In general, implementations SHOULD discard
     * packets from earlier epochs".
     *
     * @throws IllegalArgumentException if that would retire the newest read epoch
     */
    public void retireReadEpochsBelow(int epoch) {
        if (epoch > receiver.newestEpoch()) {
            throw new IllegalArgumentException("cannot retire epoch " + receiver.newestEpoch()
                    + ", the newest read epoch");
        }
        receiver.retireEpochsBelow(epoch);
    }

    /**
     * Reads every record of one datagram, handing each valid one to {@code sink} and counting each
     * invalid one in {@link #discards()}. Never throws on the datagram's contents.
     *
     * @throws IllegalStateException if called from inside a {@link RecordSink} callback
     */
    public void receive(byte[] datagram, int off, int len, RecordSink sink) {
        RecordReceiver.checkRange(datagram, off, len, sink);
        receiver.receive(datagram, off, len, sink);
    }

    /**
     * Reads one whole record, header included, exactly as a sink's {@link RecordSink#onFutureEpoch}
     * saw it; used to re-feed a record kept until its epoch was installed. A length that does not
     * match the header counts as {@link Discard#BAD_LENGTH}.
     *
     * @throws IllegalStateException if called from inside a {@link RecordSink} callback
     */
    public void receiveRecord(byte[] record, int off, int len, RecordSink sink) {
        RecordReceiver.checkRange(record, off, len, sink);
        receiver.receiveRecord(record, off, len, sink);
    }

    /**
     * The replay window of an installed read epoch (RFC 6347 §4.1.2.6), for saving an established
     * connection and restoring it elsewhere: the saved window is marked into the new one, so a
     * record the first process accepted is a replay to the second. Marking the window by hand
     * bypasses authentication; only a restore may do it.
     *
     * @throws IllegalArgumentException if the epoch is not installed for reading
     */
    public ReplayWindow replayWindow(int epoch) {
        ReplayWindow w = receiver.window(epoch);
        if (w == null) {
            throw new IllegalArgumentException("epoch " + epoch + " is not installed for reading");
        }
        return w;
    }

    /** Discarded records by reason, since construction. */
    public DiscardCounters discards() {
        return receiver.discards();
    }

    // ---------------------------------------------------------------- write side

    /**
     * Installs the keys for writing {@code epoch}, which must be one more than
     * {@link #writeEpoch()}. Older write epochs stay usable (for retransmitted flights) until
     * {@link #retireWriteEpochsBelow(int)}.
     */
    public void installWriteEpoch(int epoch, RecordProtection protection) {
        checkNextEpoch(epoch, newestWriteEpoch, "write");
        writeStates.add(new WriteState(epoch, Objects.requireNonNull(protection, "protection"), writeConnectionId));
        newestWriteEpoch = epoch;
    }

    /**
     * The peer's connection ID, which we put into the records we send: the CID of the peer's
     * connection_id extension (RFC 9146 §3), the one it wants to receive. Write epochs
     * installed after this call send tls12_cid records carrying it (RFC 9146 §4); epochs already
     * installed, and epoch 0, keep sending RFC 6347 records.
     *
     * @param cid 1 to 255 bytes, copied; {@code null} or empty for none. RFC 9146 §3: with a
     *            zero-length CID "the RFC 6347-defined record format and content type MUST be used"
     * @throws IllegalArgumentException if {@code cid} is longer than 255 bytes
     */
    public void setWriteConnectionId(byte[] cid) {
        writeConnectionId = connectionId(cid);
    }

    /**
     * How records with a CID are padded from now on (RFC 9146 §4); {@link InnerPlaintextPadding#NONE}
     * unless set. {@link #recordOverhead} counts the most the policy adds.
     */
    public void setWritePadding(InnerPlaintextPadding padding) {
        this.padding = Objects.requireNonNull(padding, "padding");
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
     * The most bytes a record of this write epoch adds to its payload: the 13-byte header plus the
     * protection's expansion (for CBC with a whole block of padding), and with a CID, the CID, the
     * real_type byte of the {@link DTLSInnerPlaintext} and the most padding the
     * {@link #setWritePadding} policy adds (a padded or CBC record may come out shorter than
     * this). RFC 6347 §4.1.1.1: "The DTLS record layer SHOULD allow the upper layer protocol to
     * discover the amount of record expansion expected by the DTLS processing."
     */
    public int recordOverhead(int epoch) {
        WriteState state = writeState(epoch);
        RecordProtection p = state.protection;
        int cidOverhead = state.cid == null ? 0 : state.cid.length + 1 + padding.maxPadding();
        return RecordHeader.LENGTH + cidOverhead + (p == null ? 0 : p.expansion());
    }

    /**
     * The most bytes a record of this write epoch with {@code len} bytes of payload takes on the
     * wire: exact for AEAD and CBC protection alike (a CBC record's padding depends on its length),
     * and with a CID counting the most padding the {@link #setWritePadding} policy adds.
     */
    public int maxRecordLength(int epoch, int len) {
        WriteState state = writeState(epoch);
        int inner = state.cid == null ? len : len + 1 + padding.maxPadding();
        int fragment = state.protection == null ? inner : state.protection.protectedLength(inner);
        return headerLength(state) + fragment;
    }

    /**
     * The largest payload one record of this write epoch can carry when the record may take at
     * most {@code maxRecordLength} bytes on the wire and its plaintext at most
     * {@code maxPlaintextLength} bytes. The plaintext is what the protection takes in: with a CID
     * the whole DTLSInnerPlaintext, real_type and the most padding the policy adds included. Exact
     * for CBC suites, whose padding completes a block ({@link RecordProtection#maxPlaintextLength}),
     * and never above 2^14 (2^14 - 1 with a CID). Negative when not even an empty payload fits.
     */
    public int maxPayloadLength(int epoch, int maxRecordLength, int maxPlaintextLength) {
        WriteState state = writeState(epoch);
        int fragment = maxRecordLength - headerLength(state);
        int plaintext = Math.min(maxPlaintextLength,
                state.protection == null ? fragment : state.protection.maxPlaintextLength(fragment));
        if (state.cid == null) {
            return Math.min(plaintext, RecordHeader.MAX_PLAINTEXT_LENGTH);
        }
        return Math.min(plaintext - 1 - padding.maxPadding(), DTLSInnerPlaintext.MAX_LENGTH - 1);
    }

    private static int headerLength(WriteState state) {
        return state.cid == null ? RecordHeader.LENGTH : CidRecordHeader.headerLength(state.cid.length);
    }

    /** The sequence number the next record of this write epoch will carry. */
    public long nextWriteSequence(int epoch) {
        return writeState(epoch).nextSequenceNumber();
    }

    /**
     * Moves a write epoch's next sequence number forward (never back). A server created after a
     * stateless cookie exchange starts where the verified ClientHello's record number is, as
     * OpenSSL's DTLSv1_listen does, so its records never repeat the HelloVerifyRequest's number.
     */
    public void advanceWriteSequence(int epoch, long next) {
        WriteState w = writeState(epoch);
        if (next > w.nextSequenceNumber()) {
            w.setNextSequenceNumber(next);
        }
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
     * record takes at most {@link #maxRecordLength maxRecordLength(epoch, len)} bytes, which
     * {@code out} must have room for: fewer only when a padding policy pads it less than its maximum.
     *
     * @param version the record version; {@link ProtocolVersion#DTLS_1_2} except for a client's
     *                first ClientHello, which may carry {@link ProtocolVersion#DTLS_1_0}
     * @return bytes written
     * @throws SequenceNumberExhaustedException if the epoch has used sequence number 2^48-1
     * @throws IllegalArgumentException if the epoch is not installed, the payload exceeds 2^14 bytes
     *         (2^14 - 1 with a CID, RFC 9146 §5) or {@code out} has no room for the record
     * @throws IllegalStateException if the cipher fails (a broken JCA provider, not peer input) or
     *         the padding policy answers outside 0..maxPadding()
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
        // RFC 9146 §5: length_of_DTLSInnerPlaintext "MUST NOT exceed 2^14", real_type included.
        if (state.cid != null && len > DTLSInnerPlaintext.MAX_LENGTH - 1) {
            throw new IllegalArgumentException("payload of " + len + " bytes; a record with a CID carries at most 2^14 - 1");
        }
        int maxRecordLength = maxRecordLength(epoch, len);
        if (outOff < 0 || outOff > out.length || out.length - outOff < maxRecordLength) {
            throw new IllegalArgumentException("no room for a " + maxRecordLength + "-byte record at offset "
                    + outOff + " of a " + out.length + "-byte buffer");
        }
        if (state.cid != null) {
            int zeros = paddingFor(type, len);
            long seq = state.takeSequenceNumber();
            return writeWithCid(state, type, version, seq, payload, off, len, zeros, out, outOff);
        }
        long seq = state.takeSequenceNumber();
        int fragmentLength = state.protection == null ? len : state.protection.protectedLength(len);
        RecordHeader.encode(out, outOff, type, version, epoch, seq, fragmentLength);
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
        return RecordHeader.LENGTH + fragmentLength;
    }

    /** The policy's padding for this record, checked, and cut to keep the inner plaintext within 2^14. */
    private int paddingFor(ContentType type, int len) {
        int zeros = padding.padding(type, len + 1);
        if (zeros < 0 || zeros > padding.maxPadding()) {
            throw new IllegalStateException(padding + " answered " + zeros + " bytes of padding, outside 0.."
                    + padding.maxPadding());
        }
        return Math.min(zeros, DTLSInnerPlaintext.MAX_LENGTH - (len + 1));
    }

    /**
     * A tls12_cid record (RFC 9146 §4): the header with the peer's CID, then the protected
     * DTLSInnerPlaintext, content || real_type || zeros. Returns the record's length.
     */
    private int writeWithCid(WriteState state, ContentType type, int version, long seq,
                             byte[] payload, int off, int len, int zeros, byte[] out, int outOff) {
        int innerLength = len + 1 + zeros;
        byte[] inner = innerPlaintext.atLeast(innerLength);
        DTLSInnerPlaintext.encode(payload, off, len, type, zeros, inner, 0);
        int headerLength = CidRecordHeader.headerLength(state.cid.length);
        int fragmentLength = state.protection.protectedLength(innerLength);
        CidRecordHeader.encode(out, outOff, version, state.epoch, seq, state.cid, fragmentLength);
        try {
            state.protection.protectWithCid(version, state.epoch, seq, state.cid, inner, 0, innerLength,
                    out, outOff + headerLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("record protection failed in epoch " + state.epoch, e);
        }
        return headerLength + fragmentLength;
    }

    /** A copy of a CID as the API takes it; null for none (null or zero-length, RFC 9146 §3). */
    private static byte[] connectionId(byte[] cid) {
        if (cid == null || cid.length == 0) {
            return null;
        }
        if (cid.length > CidRecordHeader.MAX_CID_LENGTH) {
            throw new IllegalArgumentException("a CID is at most 255 bytes, not " + cid.length);
        }
        return cid.clone();
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
