package org.dtls4j.crypto.sig;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.dtls4j.crypto.testutil.Hex;
import org.junit.jupiter.api.Test;

/** The strict DER rule for ECDSA signatures, shape by shape. */
class EcdsaDerTest {

    private static final BigInteger N = EcdsaCurve.P256.order();

    @Test
    void acceptsTheCanonicalForm() {
        assertTrue(EcdsaDer.isCanonical(Hex.bytes("3006 020101 020102"), N));
        assertTrue(EcdsaDer.isCanonical(Hex.bytes("3007 02020080 020101"), N)); // 0x80 needs its zero
    }

    @Test
    void refusesEveryOtherShape() {
        String[] bad = {
            "",                            // empty
            "3006 020101 020102 00",       // trailing byte
            "3007 020101 020102",          // sequence length too long
            "3005 020101 020102",          // sequence length too short
            "318106 020101 020102",        // wrong tag
            "308106 020101 020102",        // long-form length for a short length
            "3007 02020001 020102",        // leading zero not needed
            "3006 020181 020102",          // negative r
            "3006 020100 020102",          // r = 0
            "3005 0200 020102 00",         // empty integer
            "3009 020101 020102 020103",   // a third integer
            "3080 020101 020102 0000",     // indefinite length
            "3003 020101",                 // s missing
            "3006 030101 020102",          // r not an INTEGER
        };
        for (String b : bad) {
            assertFalse(EcdsaDer.isCanonical(Hex.bytes(b), N), b);
        }
    }

    @Test
    void refusesValuesOutsideTheGroup() {
        byte[] n = N.toByteArray(); // 33 bytes with its sign byte
        byte[] der = new byte[2 + 2 + n.length + 3];
        der[0] = 0x30;
        der[1] = (byte) (der.length - 2);
        der[2] = 0x02;
        der[3] = (byte) n.length;
        System.arraycopy(n, 0, der, 4, n.length);
        der[4 + n.length] = 0x02;
        der[5 + n.length] = 1;
        der[6 + n.length] = 1;
        assertFalse(EcdsaDer.isCanonical(der, N), "r = n");
        der[4 + n.length - 1] -= 1;
        assertTrue(EcdsaDer.isCanonical(der, N), "r = n - 1");
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrow(@ForAll byte[] junk) {
        EcdsaDer.isCanonical(junk, N);
    }
}
