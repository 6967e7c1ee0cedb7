package org.dtls4j.record;

import java.nio.ByteBuffer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds protected fragments straight from JCA, written out long-hand from RFC 5246 §6.2.3.3,
 * RFC 5288 §3 and RFC 7905 §2, without any code of the class under test. Used as the known answer
 * and to craft records {@link RecordProtection} refuses to make (over-long plaintext, foreign
 * explicit nonces).
 */
final class IndependentAead {
    private IndependentAead() {
    }

    /** seq_num || type || version || length: 13 bytes. */
    static byte[] additionalData(int epoch, long seq, int type, int version, int plaintextLength) {
        return ByteBuffer.allocate(13)
                .putShort((short) epoch)
                .putShort((short) (seq >>> 32)).putInt((int) seq)
                .put((byte) type)
                .putShort((short) version)
                .putShort((short) plaintextLength)
                .array();
    }

    /** AES-GCM fragment: nonce_explicit || ciphertext || tag, nonce = salt || nonce_explicit. */
    static byte[] gcmFragment(byte[] key, byte[] salt, byte[] explicitNonce, byte[] aad, byte[] plaintext)
            throws Exception {
        byte[] nonce = ByteBuffer.allocate(12).put(salt).put(explicitNonce).array();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        byte[] sealed = c.doFinal(plaintext);
        return ByteBuffer.allocate(8 + sealed.length).put(explicitNonce).put(sealed).array();
    }

    /** ChaCha20-Poly1305 fragment: ciphertext || tag, nonce = IV XOR (0^32 || epoch || seq). */
    static byte[] chachaFragment(byte[] key, byte[] iv, int epoch, long seq, byte[] aad, byte[] plaintext)
            throws Exception {
        byte[] nonce = iv.clone();
        long seqNum = ((long) epoch << 48) | seq;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] ^= (byte) (seqNum >>> (8 * (7 - i)));
        }
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        c.updateAAD(aad);
        return c.doFinal(plaintext);
    }

    /** A whole record: header (with the fragment's length) followed by the fragment. */
    static byte[] record(int type, int version, int epoch, long seq, byte[] fragment) {
        ByteBuffer b = ByteBuffer.allocate(13 + fragment.length)
                .put((byte) type)
                .putShort((short) version)
                .putShort((short) epoch)
                .putShort((short) (seq >>> 32)).putInt((int) seq)
                .putShort((short) fragment.length)
                .put(fragment);
        return b.array();
    }
}
