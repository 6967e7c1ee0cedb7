package org.dtls4j.record;

import java.security.GeneralSecurityException;

import org.dtls4j.crypto.AeadCipher;
import org.dtls4j.crypto.BulkCipher;

/** Wraps a real cipher and counts how often it is asked to open a record. */
final class CountingAead implements AeadCipher {
    private final AeadCipher inner;
    int opens;

    CountingAead(AeadCipher inner) {
        this.inner = inner;
    }

    @Override
    public BulkCipher algorithm() {
        return inner.algorithm();
    }

    @Override
    public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        return inner.seal(nonce, aad, in, inOff, inLen, out, outOff);
    }

    @Override
    public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        opens++;
        return inner.open(nonce, aad, in, inOff, inLen, out, outOff);
    }
}
