package org.dtls4j.codec;

import java.util.Arrays;

/**
 * A bounds-checked cursor over received bytes: the one place where wire parsing touches indexes.
 *
 * <p>Every read checks the remaining length first and throws {@link DecodeException} rather than
 * reading past the end. Length-prefixed vectors (RFC 5246 §4.3, "opaque x&lt;0..2^16-1&gt;") are read
 * with {@link #opaque16()} or, to parse their contents, with {@link #sub16()}, which returns a child
 * reader limited to the vector. Every {@code decode} ends with {@link #expectEmpty(String)}: trailing
 * bytes are an error.
 *
 * <p>No method allocates more than the bytes actually present, whatever a length field claims.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Bytes not yet read. */
    public int remaining() {
        return limit - pos;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    /** Absolute index of the next byte in the backing array. */
    public int position() {
        return pos;
    }

    /** The backing array (read-only by convention); with {@link #position()} for zero-copy views. */
    public byte[] array() {
        return buf;
    }

    private void need(int n, String what) throws DecodeException {
        if (n < 0 || n > limit - pos) {
            throw truncated(what, n);
        }
    }

    /** {@link #need} for a field named by its size: the name is built only when the check fails. */
    private void needSized(int n, String kind) throws DecodeException {
        if (n < 0 || n > limit - pos) {
            throw truncated(n + "-byte " + kind, n);
        }
    }

    private DecodeException truncated(String what, int n) {
        return new DecodeException("truncated " + what + ": need " + n + " bytes, have " + (limit - pos));
    }

    public int u8() throws DecodeException {
        need(1, "uint8");
        return buf[pos++] & 0xFF;
    }

    public int u16() throws DecodeException {
        need(2, "uint16");
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int u24() throws DecodeException {
        need(3, "uint24");
        int v = ((buf[pos] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    public long u32() throws DecodeException {
        need(4, "uint32");
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 4;
        return v;
    }

    public long u48() throws DecodeException {
        need(6, "uint48");
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 6;
        return v;
    }

    /** Copies the next {@code n} bytes. */
    public byte[] bytes(int n) throws DecodeException {
        needSized(n, "field");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** Skips {@code n} bytes. */
    public void skip(int n) throws DecodeException {
        need(n, "skipped field");
        pos += n;
    }

    /** {@code opaque x<0..2^8-1>}: a one-byte length, then that many bytes. */
    public byte[] opaque8() throws DecodeException {
        return bytes(u8());
    }

    /** {@code opaque x<0..2^16-1>}. */
    public byte[] opaque16() throws DecodeException {
        return bytes(u16());
    }

    /** {@code opaque x<0..2^24-1>}. */
    public byte[] opaque24() throws DecodeException {
        return bytes(u24());
    }

    /** A child reader over the next {@code n} bytes; this reader moves past them. */
    public ByteReader sub(int n) throws DecodeException {
        needSized(n, "vector");
        ByteReader child = new ByteReader(buf, pos, n);
        pos += n;
        return child;
    }

    public ByteReader sub8() throws DecodeException {
        return sub(u8());
    }

    public ByteReader sub16() throws DecodeException {
        return sub(u16());
    }

    public ByteReader sub24() throws DecodeException {
        return sub(u24());
    }

    /** Everything that is left, copied. */
    public byte[] rest() {
        byte[] out = Arrays.copyOfRange(buf, pos, limit);
        pos = limit;
        return out;
    }

    /** Fails if any byte is left: trailing data after a structure is a decode error. */
    public void expectEmpty(String where) throws DecodeException {
        if (pos != limit) {
            throw new DecodeException(where + ": " + (limit - pos) + " unexpected trailing bytes");
        }
    }
}
