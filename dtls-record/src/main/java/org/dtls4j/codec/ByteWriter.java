package org.dtls4j.codec;

import java.util.Arrays;

/**
 * A growable output buffer with the TLS integer and vector encodings (RFC 5246 §4).
 *
 * <p>Vector lengths are never computed by hand: {@link #lengthPrefixed16(Body)} reserves the
 * length field, runs the body and patches the length in, failing if the body outgrew the field.
 */
public final class ByteWriter {
    /** Writes the contents of a length-prefixed vector. */
    @FunctionalInterface
    public interface Body {
        void write(ByteWriter w);
    }

    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(64);
    }

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    public int size() {
        return size;
    }

    public ByteWriter u8(int v) {
        checkRange(v, 0xFF, "uint8");
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u16(int v) {
        checkRange(v, 0xFFFF, "uint16");
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u24(int v) {
        checkRange(v, 0xFFFFFF, "uint24");
        ensure(3);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u32(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("uint32 out of range: " + v);
        }
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public ByteWriter u48(long v) {
        if (v < 0 || v > 0xFFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("uint48 out of range: " + v);
        }
        ensure(6);
        for (int shift = 40; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    public ByteWriter opaque8(byte[] b) {
        return u8(b.length).bytes(b);
    }

    public ByteWriter opaque16(byte[] b) {
        return u16(b.length).bytes(b);
    }

    public ByteWriter opaque24(byte[] b) {
        return u24(b.length).bytes(b);
    }

    public ByteWriter lengthPrefixed8(Body body) {
        return lengthPrefixed(1, body);
    }

    public ByteWriter lengthPrefixed16(Body body) {
        return lengthPrefixed(2, body);
    }

    public ByteWriter lengthPrefixed24(Body body) {
        return lengthPrefixed(3, body);
    }

    private ByteWriter lengthPrefixed(int width, Body body) {
        ensure(width);
        int at = size;
        size += width;
        body.write(this);
        int len = size - at - width;
        if (len >= (1 << (8 * width))) {
            throw new IllegalStateException("vector of " + len + " bytes does not fit a " + width + "-byte length");
        }
        for (int i = 0; i < width; i++) {
            buf[at + i] = (byte) (len >>> (8 * (width - 1 - i)));
        }
        return this;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private static void checkRange(int v, int max, String what) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }
}
