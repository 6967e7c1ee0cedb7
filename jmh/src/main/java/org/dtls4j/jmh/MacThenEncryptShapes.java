package org.dtls4j.jmh;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.CbcCipher;
import org.dtls4j.crypto.CbcCiphers;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * MAC-then-encrypt records (AES-128-CBC, HMAC-SHA256; RFC 5246 §6.2.3.2) of one length, 1,296
 * bytes on the wire (IV and 1,280 encrypted bytes), built by hand with plain JCA in the shapes a
 * Lucky Thirteen attacker makes a receiver tell apart: valid padding of 0 or 255 bytes with the
 * right MAC or a wrong one, and bad padding. For the benchmarks of {@code docs/SECURITY.md}.
 */
final class MacThenEncryptShapes {
    /** Bytes that are encrypted: content, MAC, padding and its length byte. */
    static final int ENCRYPTED = 1280;
    static final int MAC = 32;

    /** What a record looks like inside. */
    enum Shape {
        /** 1,247 bytes of content, no padding bytes, the MAC right: the record opens. */
        VALID_PADDING_0(0, true, false),
        /** 992 bytes of content, 255 padding bytes, the MAC right: the record opens. */
        VALID_PADDING_255(255, true, false),
        /** As VALID_PADDING_0 with one MAC byte wrong. */
        BAD_MAC_PADDING_0(0, false, false),
        /** As VALID_PADDING_255 with one MAC byte wrong: the MAC covers 255 bytes less than for padding 0. */
        BAD_MAC_PADDING_255(255, false, false),
        /** Padding length byte 255, one padding byte wrong: treated as no padding, the MAC over 1,248 bytes. */
        BAD_PADDING(255, true, true);

        final int padding;
        final boolean rightMac;
        final boolean spoiltPadding;

        Shape(int padding, boolean rightMac, boolean spoiltPadding) {
            this.padding = padding;
            this.rightMac = rightMac;
            this.spoiltPadding = spoiltPadding;
        }

        /** The content length the MAC covers for this shape. */
        int macedLength() {
            return spoiltPadding ? ENCRYPTED - MAC : ENCRYPTED - MAC - padding - 1;
        }

        boolean opens() {
            return rightMac && !spoiltPadding;
        }
    }

    final byte[] key = new byte[16];
    final byte[] macKey = new byte[32];
    private final SecureRandom random = new SecureRandom();

    MacThenEncryptShapes() {
        random.nextBytes(key);
        random.nextBytes(macKey);
    }

    /** The 13-byte MAC header of RFC 5246 §6.2.3.1 for epoch 1, sequence number 7; the cipher sets its length. */
    static byte[] header() {
        return new byte[] {0, 1, 0, 0, 0, 0, 0, 7, 23, (byte) 0xFE, (byte) 0xFD, 0, 0};
    }

    /** The opener under test. */
    CbcCipher opener() {
        return CbcCiphers.macThenEncrypt(BulkCipher.AES_128_CBC, key, MacAlgorithm.HMAC_SHA256, macKey, random,
                Providers.JDK.jca());
    }

    /** A plain keyed HmacSHA256. */
    Mac mac() throws GeneralSecurityException {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(macKey, "HmacSHA256"));
        return m;
    }

    /** IV || AES-CBC(content || MAC || padding) in {@code shape}. */
    byte[] record(Shape shape) throws GeneralSecurityException {
        int content = ENCRYPTED - MAC - shape.padding - 1;
        byte[] plaintext = new byte[ENCRYPTED];
        random.nextBytes(plaintext);
        Arrays.fill(plaintext, ENCRYPTED - shape.padding - 1, ENCRYPTED, (byte) shape.padding);
        byte[] header = header();
        header[11] = (byte) (content >>> 8);
        header[12] = (byte) content;
        Mac m = mac();
        m.update(header);
        m.update(plaintext, 0, content);
        byte[] tag = m.doFinal();
        if (!shape.rightMac) {
            tag[5] ^= 1;
        }
        System.arraycopy(tag, 0, plaintext, content, MAC);
        if (shape.spoiltPadding) {
            plaintext[ENCRYPTED - 1 - shape.padding / 2] ^= 1;
        }
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] record = Arrays.copyOf(iv, 16 + ENCRYPTED);
        c.doFinal(plaintext, 0, ENCRYPTED, record, 16);
        return record;
    }
}
