package org.dtls4j.record;

import java.util.Arrays;

/**
 * The anti-replay sliding window of one epoch, RFC 6347 §4.1.2.6.
 *
 * <pre>
 *          left edge                                 right edge = highest authenticated
 *              |&lt;------------- size numbers --------------&gt;|
 *   too old    |  seen / not seen, one bit per number       |   new: always acceptable
 *  ------------+--------------------------------------------+------------------------&gt; seq
 * </pre>
 *
 * <p>Use it in two steps around authentication: {@link #mayAccept(long)} before decrypting, and
 * {@link #markAuthenticated(long)} only once the record's tag verified. RFC 6347 §4.1.2.6: "If the
 * received record falls within the window and is new, or if the packet is to the right of the
 * window, then the receiver proceeds to MAC verification. If the MAC validation fails, the
 * receiver MUST discard the received record as invalid. The receive window is updated only if the
 * MAC verification succeeds." Keeping the two steps apart is what stops a forged record with
 * sequence number 2^48-1 from pushing the window past every genuine record (OpenSSL
 * CVE-2016-2181 was this mistake).
 *
 * <p>The bitmap is a ring: number {@code s} lives at bit {@code s % size}, which is free to reuse
 * once {@code s - size} has fallen off the left edge. Memory is {@code size / 8} bytes; no method
 * allocates. Not thread-safe.
 */
public final class ReplayWindow {
    /**
     * RFC 6347 §4.1.2.6: "A minimum window size of 32 MUST be supported, but a window size of 64 is
     * preferred and SHOULD be employed as the default."
     */
    public static final int DEFAULT_SIZE = 64;

    /** The largest window this class accepts; a bound on memory per epoch. */
    public static final int MAX_SIZE = 1024;

    private final int size;
    private final long[] bits;
    /** The highest authenticated sequence number (the right edge), or -1 before the first. */
    private long highest = -1;

    /** A window of {@value #DEFAULT_SIZE} sequence numbers. */
    public ReplayWindow() {
        this(DEFAULT_SIZE);
    }

    /**
     * A window of {@code size} sequence numbers: a multiple of 64 from 64 to {@value #MAX_SIZE}.
     * RFC 6347 §4.1.2.6: "Another window size (larger than the minimum) MAY be chosen by the
     * receiver."
     */
    public ReplayWindow(int size) {
        if (size < DEFAULT_SIZE || size > MAX_SIZE || size % 64 != 0) {
            throw new IllegalArgumentException(
                    "replay window size must be a multiple of 64 from 64 to " + MAX_SIZE + ": " + size);
        }
        this.size = size;
        this.bits = new long[size / 64];
    }

    /** The number of sequence numbers the window spans. */
    public int size() {
        return size;
    }

    /** The right edge: the highest sequence number marked so far, or -1 if none. */
    public long highestAuthenticated() {
        return highest;
    }

    /**
     * Whether a record with this sequence number may go on to authentication: false if it lies left
     * of the window, has already been marked, or is not a 48-bit number at all.
     */
    public boolean mayAccept(long seq) {
        if (seq < 0 || seq > RecordHeader.MAX_SEQUENCE_NUMBER) {
            return false;
        }
        if (seq > highest) {
            return true;
        }
        // RFC 6347 §4.1.2.6: "Records that contain sequence numbers lower than the "left" edge of
        // the window are rejected."
        if (highest - seq >= size) {
            return false;
        }
        return !isSet(seq);
    }

    /**
     * Records {@code seq} as received. Call only after the record authenticated. Moving right
     * slides the window and forgets what falls off the left edge; a number already left of the
     * window changes nothing.
     *
     * @throws IllegalArgumentException if {@code seq} is not a 48-bit sequence number
     */
    public void markAuthenticated(long seq) {
        if (seq < 0 || seq > RecordHeader.MAX_SEQUENCE_NUMBER) {
            throw new IllegalArgumentException("not a 48-bit sequence number: " + seq);
        }
        if (seq > highest) {
            long advance = seq - highest;
            if (advance >= size) {
                Arrays.fill(bits, 0L);
            } else {
                // Each number between the old and the new right edge reuses the bit of a number
                // that just fell off the left edge: clear it.
                for (long s = highest + 1; s < seq; s++) {
                    clear(s);
                }
            }
            highest = seq;
            set(seq);
        } else if (highest - seq < size) {
            set(seq);
        }
    }

    private boolean isSet(long seq) {
        int bit = (int) (seq % size);
        return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private void set(long seq) {
        int bit = (int) (seq % size);
        bits[bit >>> 6] |= 1L << (bit & 63);
    }

    private void clear(long seq) {
        int bit = (int) (seq % size);
        bits[bit >>> 6] &= ~(1L << (bit & 63));
    }
}
