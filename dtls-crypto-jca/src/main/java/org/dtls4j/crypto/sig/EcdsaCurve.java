package org.dtls4j.crypto.sig;

import java.math.BigInteger;
import java.security.spec.ECParameterSpec;

/**
 * The NIST prime curves an ECDSA signature scheme is bound to (RFC 8446 §4.2.3, names as in
 * RFC 8422 §5.1.1), identified by group order and field size (values from FIPS 186-4 Appendix
 * D.1.2, also SEC 2 §2.4). Matching on these two numbers recognises a curve whichever provider
 * made the key and whatever name it gives it.
 */
public enum EcdsaCurve {
    P256("secp256r1", 256, "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"),
    P384("secp384r1", 384, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF"
            + "581A0DB248B0A77AECEC196ACCC52973"),
    P521("secp521r1", 521, "1FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
            + "FA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409");

    private final String secName;
    private final int fieldBits;
    private final BigInteger order;

    EcdsaCurve(String secName, int fieldBits, String orderHex) {
        this.secName = secName;
        this.fieldBits = fieldBits;
        this.order = new BigInteger(orderHex, 16);
    }

    /** The SEC 2 name, also the JCA {@code ECGenParameterSpec} name. */
    public String secName() {
        return secName;
    }

    /** n, the order of the base point. */
    public BigInteger order() {
        return order;
    }

    /** Whether {@code params} describe this curve. */
    public boolean matches(ECParameterSpec params) {
        return params != null
                && params.getCurve().getField().getFieldSize() == fieldBits
                && params.getOrder().equals(order);
    }
}
