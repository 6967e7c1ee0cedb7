package org.dtls4j.handshake.flight;

import java.util.Arrays;
import java.util.Objects;

/**
 * The plaintext of one record of an outgoing flight, ready for the record layer: the epoch whose
 * keys protect it, its content type, and its payload (one encoded handshake fragment, or the
 * ChangeCipherSpec byte).
 *
 * <p>The record layer adds the 13-byte header of RFC 6347 §4.1 and, in epochs above 0, the cipher's
 * expansion, and packs records into datagrams. RFC 6347 §4.1.1: "Each DTLS record MUST fit within a
 * single datagram."
 *
 * <p>Immutable: the payload is copied on the way in and on the way out.
 *
 * @param epoch   the epoch whose keys protect the record
 * @param kind    the record's content type
 * @param payload the record's plaintext
 */
public record OutgoingRecord(int epoch, ContentTypeKind kind, byte[] payload) {

    public OutgoingRecord {
        Objects.requireNonNull(kind, "kind");
        if (epoch < 0 || epoch > 0xFFFF) {
            throw new IllegalArgumentException("epoch out of range: " + epoch);
        }
        payload = payload.clone();
    }

    /** A copy of the plaintext. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The plaintext length, without a copy. */
    public int length() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutgoingRecord r && epoch == r.epoch && kind == r.kind && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, kind) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "OutgoingRecord[" + kind + ", epoch=" + epoch + ", length=" + payload.length + "]";
    }
}
