package org.dtls4j.crypto.cbc;

/**
 * Branch-free helpers for checking a MAC-then-encrypt record (RFC 5246 §6.2.3.2) without letting
 * its padding decide how long the check takes.
 *
 * <p>A comparison answers with a mask: -1 (all bits set) for true, 0 for false, computed with
 * subtraction and an arithmetic shift, so no branch and no table depends on the values. Loops run
 * over counts that follow from the record's length alone, which the attacker knows anyway; array
 * indexes are loop counters, never secret values.
 */
final class ConstantTime {
    /** RFC 5246 §6.2.3.2: padding_length is a uint8, so padding and its length byte take at most 256 bytes. */
    static final int MAX_PADDING_WITH_LENGTH = 256;

    private ConstantTime() {
    }

    /** -1 if {@code a == b}, else 0; both in 0..2^31-1. */
    static int equal(int a, int b) {
        return ((a ^ b) - 1) >> 31;
    }

    /** -1 if {@code a < b}, else 0; both in 0..2^30. */
    static int less(int a, int b) {
        return (a - b) >> 31;
    }

    /**
     * Checks the padding at the end of {@code b[off, off+length)} (RFC 5246 §6.2.3.2: "Each uint8
     * in the padding data vector MUST be filled with the padding length value") and that it leaves
     * room for {@code macLength} bytes of MAC before it. Reads the last min(256, length) bytes
     * whatever the padding length says.
     *
     * @return padding_length + 1, the bytes to take off, when the padding is good; 0 when it is not
     */
    static int paddingToRemove(byte[] b, int off, int length, int macLength) {
        int paddingLength = b[off + length - 1] & 0xFF;
        int good = ~less(length, paddingLength + 1 + macLength);
        int toCheck = Math.min(MAX_PADDING_WITH_LENGTH, length);
        for (int i = 0; i < toCheck; i++) {
            int inPadding = less(i, paddingLength + 1);
            int differs = ~equal(b[off + length - 1 - i] & 0xFF, paddingLength);
            good &= ~(inPadding & differs);
        }
        return good & (paddingLength + 1);
    }

    /**
     * Copies the MAC at {@code b[off + macStart, off + macStart + mac.length)} into {@code mac},
     * where {@code macStart} is secret. Every byte that can hold part of a MAC (the last
     * {@code mac.length + 256} of {@code b[off, off+length)}) is read once, in order; a byte of
     * the MAC lands in {@code rotated} at its distance from the scan's start modulo the MAC length,
     * so the MAC comes out rotated by an amount that is then undone by reading every byte of
     * {@code rotated} for each output byte.
     *
     * @param rotated scratch, as long as {@code mac}
     */
    static void copyMac(byte[] b, int off, int length, int macStart, byte[] rotated, byte[] mac) {
        int macLength = mac.length;
        int scanStart = Math.max(0, length - macLength - MAX_PADDING_WITH_LENGTH);
        java.util.Arrays.fill(rotated, (byte) 0);
        int j = 0;
        int rotation = 0;
        for (int i = scanStart; i < length; i++) {
            int inMac = ~less(i, macStart) & less(i, macStart + macLength);
            rotated[j] |= (byte) (b[off + i] & inMac);
            rotation |= j & equal(i, macStart);
            j++;
            j &= less(j, macLength);
        }
        for (int k = 0; k < macLength; k++) {
            int from = rotation + k;
            from -= macLength & ~less(from, macLength);
            int value = 0;
            for (int m = 0; m < macLength; m++) {
                value |= rotated[m] & equal(m, from);
            }
            mac[k] = (byte) value;
        }
    }

    /** -1 if {@code a[aOff, aOff+len)} equals {@code b[bOff, bOff+len)}, else 0; reads every byte. */
    static int equal(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return equal(diff & 0xFF, 0);
    }
}
