package org.dtls4j.record;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * CBC record fragments built with Bouncy Castle's low-level AES block function and HMAC, written
 * out long-hand from RFC 5246 §6.2.3.2, RFC 6347 §4.1.2.1, RFC 7366 §3 and RFC 9146 §5.1-5.2,
 * with no code of dtls4j's: the known answer for {@link RecordProtection}'s CBC records, and a way
 * to craft records it refuses to make (long padding, bad padding).
 */
final class IndependentCbc {
    static final int BLOCK = 16;

    private IndependentCbc() {
    }

    /** AES_K(block), one block. */
    static byte[] aes(byte[] key, byte[] block) {
        AESEngine aes = new AESEngine();
        aes.init(true, new KeyParameter(key));
        byte[] out = new byte[BLOCK];
        aes.processBlock(block, 0, out, 0);
        return out;
    }

    /** CBC by hand: C_i = AES_K(P_i XOR C_{i-1}), C_0 = iv. {@code plaintext} is whole blocks. */
    static byte[] cbc(byte[] key, byte[] iv, byte[] plaintext) {
        AESEngine aes = new AESEngine();
        aes.init(true, new KeyParameter(key));
        byte[] out = new byte[plaintext.length];
        byte[] chain = iv.clone();
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < plaintext.length; i += BLOCK) {
            for (int j = 0; j < BLOCK; j++) {
                block[j] = (byte) (plaintext[i + j] ^ chain[j]);
            }
            aes.processBlock(block, 0, out, i);
            chain = Arrays.copyOfRange(out, i, i + BLOCK);
        }
        return out;
    }

    static byte[] hmac(MacAlgorithm alg, byte[] key, byte[]... parts) {
        Digest d = alg == MacAlgorithm.HMAC_SHA1 ? new SHA1Digest() : new SHA256Digest();
        HMac mac = new HMac(d);
        mac.init(new KeyParameter(key));
        for (byte[] p : parts) {
            mac.update(p, 0, p.length);
        }
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    /** RFC 5246 §6.2.3.1 with RFC 6347 §4.1.2.1: epoch || sequence_number || type || version || length. */
    static byte[] macHeader(int epoch, long seq, int type, int version, int length) {
        return IndependentAead.additionalData(epoch, seq, type, version, length);
    }

    /** {@code content || padding || padding_length}, every padding byte equal to {@code paddingLength}. */
    static byte[] padded(byte[] content, int paddingLength) {
        byte[] p = Arrays.copyOf(content, content.length + paddingLength + 1);
        Arrays.fill(p, content.length, p.length, (byte) paddingLength);
        return p;
    }

    /**
     * An encrypt-then-MAC fragment (RFC 7366 §3): IV || CBC(content || padding) || MAC over
     * {@code header} (length field set here to the IV and ciphertext length) || IV || ciphertext.
     */
    static byte[] encryptThenMac(MacAlgorithm alg, byte[] key, byte[] macKey, byte[] iv, byte[] header,
                                 byte[] content, int paddingLength) {
        byte[] ivAndCiphertext = concat(iv, cbc(key, iv, padded(content, paddingLength)));
        byte[] h = withLength(header, ivAndCiphertext.length);
        return concat(ivAndCiphertext, hmac(alg, macKey, h, ivAndCiphertext));
    }

    /**
     * A MAC-then-encrypt fragment (RFC 5246 §6.2.3.2): IV || CBC(content || MAC || padding), the MAC
     * over {@code header} (length field set here to the content length) || content.
     */
    static byte[] macThenEncrypt(MacAlgorithm alg, byte[] key, byte[] macKey, byte[] iv, byte[] header,
                                 byte[] content, int paddingLength) {
        byte[] mac = hmac(alg, macKey, withLength(header, content.length), content);
        return concat(iv, cbc(key, iv, padded(concat(content, mac), paddingLength)));
    }

    /** The fewest padding bytes that fill the last block after {@code length} bytes. */
    static int minimalPadding(int length) {
        return (BLOCK - (length + 1) % BLOCK) % BLOCK;
    }

    static byte[] withLength(byte[] header, int length) {
        byte[] h = header.clone();
        h[h.length - 2] = (byte) (length >>> 8);
        h[h.length - 1] = (byte) length;
        return h;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
