package org.dtls4j.crypto.aead;

import java.security.InvalidAlgorithmParameterException;
import java.util.Objects;

/** Argument checks shared by the record ciphers; every failure names what the caller got wrong. */
final class AeadArgs {

    private AeadArgs() {
    }

    /**
     * The nonce must have the cipher's fixed length. Refused as a {@link java.security.GeneralSecurityException}
     * so that {@code open} never throws anything else on a bad call shape.
     */
    static void checkNonce(byte[] nonce, int expected) throws InvalidAlgorithmParameterException {
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length != expected) {
            throw new InvalidAlgorithmParameterException(
                    "nonce must be " + expected + " bytes, got " + nonce.length);
        }
    }

    /** Caller bugs (null arrays, ranges outside the arrays) are unchecked exceptions. */
    static void checkRanges(byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.requireNonNull(aad, "aad");
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        Objects.checkIndex(outOff, out.length + 1);
    }
}
