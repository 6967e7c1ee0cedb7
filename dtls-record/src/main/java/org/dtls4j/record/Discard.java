package org.dtls4j.record;

/**
 * Why the record layer dropped a received record.
 *
 * <p>RFC 6347 §4.1.2.7: "Unlike TLS, DTLS is resilient in the face of invalid records (e.g.,
 * invalid formatting, length, MAC, etc.). In general, invalid records SHOULD be silently
 * discarded, thus preserving the association; however, an error MAY be logged for diagnostic
 * purposes." So nothing here is an exception or an alert: each reason is a counter in
 * {@link DiscardCounters}.
 */
public enum Discard {
    /** Fewer than 13 bytes were left in the datagram: not even a header. */
    TRUNCATED_HEADER,
    /**
     * The header's length runs past the end of the datagram (RFC 6347 §4.1.1: "Each DTLS record
     * MUST fit within a single datagram"); the rest of the datagram is dropped with it, since the
     * next record boundary is unknown. Also a re-fed record whose length does not match its header.
     */
    BAD_LENGTH,
    /**
     * The fragment is longer than RFC 5246 allows: over 2^14 + 2048 bytes protected (§6.2.3), over
     * 2^14 bytes as plaintext (§6.2.1), or it decrypted to over 2^14 bytes.
     */
    RECORD_OVERFLOW,
    /**
     * A content type outside RFC 5246 §6.2.1's list (20..23). The next record is still read. Also
     * the real_type of an authenticated {@link DTLSInnerPlaintext} outside that list.
     */
    UNKNOWN_CONTENT_TYPE,
    /** The record version is not DTLS 1.2 (or, in epoch 0 only, DTLS 1.0). */
    BAD_VERSION,
    /** An epoch that is neither installed nor the next one: an old, retired epoch or garbage. */
    UNKNOWN_EPOCH,
    /** The next epoch, whose keys are not installed yet, and the sink did not keep a copy. */
    FUTURE_EPOCH,
    /** The sequence number was already received or lies left of the replay window (RFC 6347 §4.1.2.6). */
    REPLAY,
    /** The AEAD tag did not verify: a forged, corrupted or misdirected record. */
    BAD_MAC,
    /** The fragment is shorter than the explicit nonce plus the tag, so it cannot be authentic. */
    TOO_SHORT_FOR_CIPHER,
    /**
     * The record's connection ID does not match what its epoch expects (RFC 9146): a tls12_cid record
     * in epoch 0, which never uses CIDs, or in an epoch for which we asked for no CID, or carrying a
     * CID that is not ours; or an RFC 6347 record in an epoch where we expect our CID (RFC 9146 §3:
     * "If a non-zero-length CID is expected for the retrieved association, then the datagram MUST
     * be treated as invalid"). Checked before any decryption.
     */
    CID_MISMATCH,
    /**
     * A tls12_cid record authenticated but its {@link DTLSInnerPlaintext} is all zeros, so it names
     * no real_type (RFC 9146 §4, RFC 8446 §5.4).
     */
    ALL_ZERO_INNER_PLAINTEXT
}
