package org.dtls4j.record;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The read side of a {@link RecordLayer}: read epochs with their replay windows and connection IDs,
 * the checks every received record goes through (listed in the {@link RecordLayer} class comment),
 * the discard counters, and the scratch buffer decrypted records land in.
 *
 * <p>Headers are read in place with {@code RecordHeader}'s and {@code CidRecordHeader}'s
 * {@code *At} helpers rather than decoded into objects, so that receiving allocates nothing of
 * ours. Records with a connection ID (RFC 9146) take the path of {@link #checkCidRecord}.
 */
final class RecordReceiver {
    private static final Logger LOG = System.getLogger(RecordLayer.class.getName());

    private final int replayWindowSize;
    private final List<ReadState> states = new ArrayList<>(4);
    private int newestEpoch;
    private final DiscardCounters discards = new DiscardCounters();
    /**
     * Decrypted plaintext of the record being delivered, unless the sink gave an array of its own
     * ({@link RecordSink#openInto}); valid during one onRecord call. It grows
     * to the largest record this connection has opened, at most 2^14 + 2048 bytes, the largest
     * fragment the checks let through (a forged record can make it grow, but not past that).
     */
    private final ScratchBuffer plaintext = new ScratchBuffer(RecordHeader.MAX_CIPHERTEXT_LENGTH);
    private boolean receiving;
    /**
     * Our own CID for read epochs installed from now on, and for framing records of epochs not
     * installed yet; null for none.
     */
    private byte[] connectionId;

    RecordReceiver(int replayWindowSize) {
        this.replayWindowSize = replayWindowSize;
        states.add(new ReadState(0, null, replayWindowSize, null));
    }

    void installEpoch(int epoch, RecordProtection protection) {
        states.add(new ReadState(epoch, protection, replayWindowSize, connectionId));
        newestEpoch = epoch;
    }

    /** {@code cid} is 1 to 255 bytes, a copy the caller does not keep, or null for none. */
    void setConnectionId(byte[] cid) {
        connectionId = cid;
    }

    int newestEpoch() {
        return newestEpoch;
    }

    /** The replay window of an installed epoch, or null. */
    ReplayWindow window(int epoch) {
        ReadState s = state(epoch);
        return s == null ? null : s.window;
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
            int recordLength = frame(record, off, off + len);
            if (recordLength >= 0 && recordLength != len) {
                discard(Discard.BAD_LENGTH);
            } else if (recordLength >= 0) {
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
        int cidLength = cidLengthAt(b, pos);
        int headerLength = RecordHeader.LENGTH + cidLength;
        if (end - pos < headerLength) {
            discard(Discard.TRUNCATED_HEADER);
            return -1;
        }
        int fragmentLength = cidLength == 0 ? RecordHeader.lengthAt(b, pos) : CidRecordHeader.lengthAt(b, pos, cidLength);
        // RFC 6347 §4.1.1: "Each DTLS record MUST fit within a single datagram." Past this point
        // the next record boundary is unknown, so nothing more of the datagram can be read.
        if (fragmentLength > end - pos - headerLength) {
            discard(Discard.BAD_LENGTH);
            return -1;
        }
        return headerLength + fragmentLength;
    }

    /**
     * The length of the CID in the header at {@code off}, whose first 13 bytes are there: 0 unless
     * it is a tls12_cid record. RFC 9146 §4: the CID is "cid_length bytes long, as agreed at the
     * time the extension has been negotiated"; the wire does not say. So a tls12_cid record is read
     * with the CID its epoch expects; where that is none (epoch 0, say) the record is discarded
     * ({@link Discard#CID_MISMATCH}), and to find the next one it is read with our CID, which is
     * what a peer sending tls12_cid records to us uses, or with none if we have none.
     */
    private int cidLengthAt(byte[] b, int off) {
        if (RecordHeader.typeCodeAt(b, off) != ContentType.TLS12_CID) {
            return 0;
        }
        byte[] cid = expectedCid(RecordHeader.epochAt(b, off));
        if (cid == null) {
            cid = connectionId;
        }
        return cid == null ? 0 : cid.length;
    }

    /**
     * The CID records of {@code epoch} must carry, or null for none: the one installed with the
     * epoch, or for an epoch not installed, the one the next epoch will get. Epoch 0 never has one.
     */
    private byte[] expectedCid(int epoch) {
        if (epoch == 0) {
            return null;
        }
        ReadState s = state(epoch);
        return s != null ? s.cid : connectionId;
    }

    private void process(byte[] b, int off, int len, RecordSink sink) {
        Discard reason = checkAndDeliver(b, off, len, sink);
        if (reason != null) {
            discard(reason);
        }
    }

    /** Runs the checks on one framed record; returns why it was dropped, or null. */
    private Discard checkAndDeliver(byte[] b, int off, int len, RecordSink sink) {
        if (RecordHeader.typeCodeAt(b, off) == ContentType.TLS12_CID) {
            return checkCidRecord(b, off, len, sink);
        }
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
            return futureEpoch(epoch, b, off, len, sink);
        }
        // RFC 9146 §3: "If a non-zero-length CID is expected for the retrieved association, then
        // the datagram MUST be treated as invalid".
        if (state.cid != null) {
            return Discard.CID_MISMATCH;
        }
        long seq = RecordHeader.sequenceNumberAt(b, off);
        int fragmentOff = off + RecordHeader.LENGTH;
        if (state.protection == null) {
            return deliverPlaintext(state, type, seq, b, fragmentOff, fragmentLength, sink);
        }
        return deliverProtected(state, type, version, seq, b, fragmentOff, fragmentLength, sink);
    }

    /**
     * A record of an epoch that is not installed. RFC 6347 §4.1: records "protected by the newly
     * negotiated context" may arrive before the handshake installs it; "Implementations MAY either
     * buffer or discard such packets". The sink chooses.
     */
    private Discard futureEpoch(int epoch, byte[] b, int off, int len, RecordSink sink) {
        if (epoch != newestEpoch + 1) {
            return Discard.UNKNOWN_EPOCH;
        }
        // The next epoch's records will have to carry our CID if we have one (RFC 9146 §3).
        boolean withCid = RecordHeader.typeCodeAt(b, off) == ContentType.TLS12_CID;
        if (withCid != (connectionId != null)) {
            return Discard.CID_MISMATCH;
        }
        return sink.onFutureEpoch(epoch, b, off, len) ? null : Discard.FUTURE_EPOCH;
    }

    /**
     * The checks of a tls12_cid record (RFC 9146 §4), framed with the CID length its epoch expects:
     *
     * <pre>
     *   epoch expects a CID?                  no  -&gt; CID_MISMATCH   (epoch 0 never does)
     *   enc_content &lt;= 2^14 + 2048?           no  -&gt; RECORD_OVERFLOW
     *   version DTLS 1.2?                     no  -&gt; BAD_VERSION
     *   the CID is ours?                      no  -&gt; CID_MISMATCH
     *   epoch installed?                      no  -&gt; as for any record (future or unknown epoch)
     *   then deliverWithCid
     * </pre>
     */
    private Discard checkCidRecord(byte[] b, int off, int len, RecordSink sink) {
        int epoch = RecordHeader.epochAt(b, off);
        ReadState state = state(epoch);
        byte[] cid = epoch == 0 ? null : state != null ? state.cid : connectionId; // expectedCid, one lookup
        if (cid == null) {
            return Discard.CID_MISMATCH;
        }
        int headerLength = CidRecordHeader.headerLength(cid.length);
        int fragmentLength = len - headerLength;
        if (fragmentLength > RecordHeader.MAX_CIPHERTEXT_LENGTH) {
            return Discard.RECORD_OVERFLOW;
        }
        int version = RecordHeader.versionAt(b, off);
        if (version != ProtocolVersion.DTLS_1_2) {
            return Discard.BAD_VERSION;
        }
        // RFC 9146 §3: "if the tls12_cid content type is set, then the CID is used to look up the
        // connection and the security association." A CID not ours is another association's.
        if (!CidRecordHeader.cidEquals(b, off, cid)) {
            return Discard.CID_MISMATCH;
        }
        if (state == null) {
            return futureEpoch(epoch, b, off, len, sink);
        }
        long seq = RecordHeader.sequenceNumberAt(b, off);
        return deliverWithCid(state, version, seq, b, off + headerLength, fragmentLength, sink);
    }

    /**
     * Opens the enc_content of a tls12_cid record and delivers the content of its
     * {@link DTLSInnerPlaintext} under its real_type (RFC 9146 §4, §5.3). The replay window works
     * as for any protected record.
     */
    private Discard deliverWithCid(ReadState state, int version, long seq, byte[] b, int off, int len,
                                   RecordSink sink) {
        RecordProtection protection = state.protection; // an epoch with a CID is protected
        if (len < protection.minimumFragmentLength()) {
            return Discard.TOO_SHORT_FOR_CIPHER;
        }
        // RFC 9146 §5: length_of_DTLSInnerPlaintext "MUST NOT exceed 2^14". With an AEAD it is
        // known before decrypting, so an over-long record costs no decryption; with CBC the
        // padding hides it until the record is open.
        if (protection.minimumPlaintextLength(len) > DTLSInnerPlaintext.MAX_LENGTH) {
            return Discard.RECORD_OVERFLOW;
        }
        if (!state.window.mayAccept(seq)) {
            return Discard.REPLAY;
        }
        byte[] inner = openInto(sink, state.epoch, protection.plaintextCapacity(len));
        int innerLength;
        try {
            innerLength = protection.unprotectWithCid(version, state.epoch, seq, state.cid, b, off, len, inner, 0);
        } catch (GeneralSecurityException e) {
            return Discard.BAD_MAC;
        }
        state.window.markAuthenticated(seq);
        if (innerLength > DTLSInnerPlaintext.MAX_LENGTH) {
            return Discard.RECORD_OVERFLOW;
        }
        // RFC 8446 §5.4 (RFC 9146 §4 refers to it for the padding): real_type is the last non-zero
        // byte; "If a receiving implementation does not find a non-zero octet in the cleartext",
        // the record is invalid.
        int contentLength = DTLSInnerPlaintext.realTypeIndex(inner, 0, innerLength);
        if (contentLength < 0) {
            return Discard.ALL_ZERO_INNER_PLAINTEXT;
        }
        ContentType type = ContentType.fromCode(inner[contentLength] & 0xFF);
        if (type == null) {
            return Discard.UNKNOWN_CONTENT_TYPE;
        }
        sink.onRecord(type, state.epoch, seq, inner, 0, contentLength);
        return null;
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
        if (len < protection.minimumFragmentLength()) {
            return Discard.TOO_SHORT_FOR_CIPHER;
        }
        // RFC 6347 §4.1.2.6: the duplicate check "SHOULD be the first check applied to a packet
        // after it has been matched to a session, to speed rejection of duplicate records."
        // It must come before decryption: a replayed record is never decrypted twice.
        if (!state.window.mayAccept(seq)) {
            return Discard.REPLAY;
        }
        int plaintextLength;
        byte[] out = openInto(sink, state.epoch, protection.plaintextCapacity(len));
        try {
            plaintextLength = protection.unprotect(type, version, state.epoch, seq, b, off, len, out, 0);
        } catch (GeneralSecurityException e) {
            // RFC 6347 §4.1.2.6: "If the MAC validation fails, the receiver MUST discard the
            // received record as invalid. The receive window is updated only if the MAC
            // verification succeeds." A CBC record with bad padding is the same failure
            // (RFC 5246 §6.2.3.2), and like any invalid record is dropped, never alerted
            // (RFC 6347 §4.1.2.7).
            return Discard.BAD_MAC;
        }
        state.window.markAuthenticated(seq);
        // RFC 5246 §6.2.3: a record that decrypts to more than 2^14 bytes is an overflow.
        if (plaintextLength > RecordHeader.MAX_PLAINTEXT_LENGTH) {
            return Discard.RECORD_OVERFLOW;
        }
        sink.onRecord(type, state.epoch, seq, out, 0, plaintextLength);
        return null;
    }

    /** Where a protected record is opened: the sink's array ({@link RecordSink#openInto}), or the scratch buffer. */
    private byte[] openInto(RecordSink sink, int epoch, int maxLength) {
        byte[] own = sink.openInto(epoch, maxLength);
        if (own == null) {
            return plaintext.atLeast(maxLength);
        }
        if (own.length < maxLength) {
            throw new IllegalStateException("the sink's array of " + own.length + " bytes is shorter than the "
                    + maxLength + " a record may open to");
        }
        return own;
    }

    private ReadState state(int epoch) {
        ReadState newest = states.get(states.size() - 1);  // the usual case, and never retired
        if (newest.epoch == epoch) {
            return newest;
        }
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
