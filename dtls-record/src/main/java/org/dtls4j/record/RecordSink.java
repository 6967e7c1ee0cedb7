package org.dtls4j.record;

/**
 * Receives the records of a datagram, one by one, from {@link RecordLayer#receive}.
 *
 * <p>Callbacks run on the caller's thread, during {@code receive}. They must not call
 * {@link RecordLayer#receive} or {@link RecordLayer#receiveRecord} themselves (the layer throws
 * {@link IllegalStateException} if they do); keep what you need and re-feed it after
 * {@code receive} returns. Installing epochs and writing records from a callback is fine.
 */
public interface RecordSink {
    /**
     * An authenticated record, or an epoch-0 plaintext record. {@code buf[off, off+len)} is the
     * plaintext; treat it as read-only and copy what you keep, since it is valid only during this
     * call (it is the layer's scratch buffer or the caller's datagram), unless {@code buf} is the
     * sink's own array from {@link #openInto}.
     */
    void onRecord(ContentType type, int epoch, long sequenceNumber, byte[] buf, int off, int len);

    /**
     * An array of the sink's to open the next protected record into, instead of the layer's own
     * scratch space; {@code null}, the default, keeps the scratch space. Asked once for each
     * protected record of an installed epoch that passed the header and replay checks, just before
     * it is decrypted, with {@code maxLength} the most plaintext it can hold (for a record with a
     * connection ID, its whole DTLSInnerPlaintext; its content type is not known yet, RFC 9146 §4).
     * The array must be at least that long.
     *
     * <p>When the record authenticates, {@link #onRecord} receives this array with the plaintext at
     * offset 0, and the sink may keep it instead of copying. When it does not, the array's first
     * {@code maxLength} bytes are undefined and nothing is delivered. A sink that keeps application
     * data saves one copy per record this way.
     */
    default byte[] openInto(int epoch, int maxLength) {
        return null;
    }

    /**
     * A record whose epoch is one ahead of the newest read epoch, so its keys are not installed yet
     * (a Finished that overtook its ChangeCipherSpec, say). {@code record[off, off+len)} is the whole
     * record, header included, and is valid only during this call.
     *
     * <p>RFC 6347 §4.1: "Implementations MAY either buffer or discard such packets". Return true if
     * you kept a copy, which you will later pass to {@link RecordLayer#receiveRecord} once the epoch
     * is installed; return false to have it counted as a {@link Discard#FUTURE_EPOCH} discard.
     * The record is not authenticated: bound how many you keep.
     */
    default boolean onFutureEpoch(int epoch, byte[] record, int off, int len) {
        return false;
    }
}
