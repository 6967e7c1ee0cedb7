package org.dtls4j.crypto.kx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPublicKey;
import java.util.Arrays;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** The X25519 SubjectPublicKeyInfo (RFC 8410 §4) in both directions. */
class X25519CodecTest {

    @Test
    void keyBytesComeBackFromTheEncodingOfBothProviders() throws Exception {
        for (KeyPairGenerator g : new KeyPairGenerator[] {
            KeyPairGenerator.getInstance("X25519"), KeyPairGenerator.getInstance("X25519", new BouncyCastleProvider())}) {
            var pub = g.generateKeyPair().getPublic();
            byte[] raw = X25519Codec.fromSubjectPublicKeyInfo(pub.getEncoded());
            if (pub instanceof XECPublicKey) {
                assertArrayEquals(X25519Codec.encode(((XECPublicKey) pub).getU()), raw, g.getProvider().getName());
            }
            assertArrayEquals(pub.getEncoded(), X25519Codec.subjectPublicKeyInfo(X25519Codec.decode(raw)));
        }
    }

    @Test
    void anythingButTheFixedHeaderAndThirtyTwoBytesIsRefused() {
        byte[] spki = X25519Codec.subjectPublicKeyInfo(BigInteger.valueOf(9));
        assertNull(X25519Codec.fromSubjectPublicKeyInfo(null));
        assertNull(X25519Codec.fromSubjectPublicKeyInfo(Arrays.copyOf(spki, spki.length - 1)));
        assertNull(X25519Codec.fromSubjectPublicKeyInfo(Arrays.copyOf(spki, spki.length + 1)));
        byte[] x448 = spki.clone();
        x448[8] = 0x6f; // OID 1.3.101.111 is X448
        assertNull(X25519Codec.fromSubjectPublicKeyInfo(x448));
    }
}
