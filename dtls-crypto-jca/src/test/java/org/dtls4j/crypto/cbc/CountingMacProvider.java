package org.dtls4j.crypto.cbc;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Mac;
import javax.crypto.MacSpi;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * A JCA provider whose HmacSHA1 and HmacSHA256 are the JDK's, counting the SHA compressions each
 * costs the way the JDK's HMAC runs them: the ipad block with the first byte, one compression per
 * whole 64-byte block of the inner hash as it fills, the rest of the inner hash and two outer
 * blocks at {@code doFinal}; {@code reset} drops a partial block.
 */
public final class CountingMacProvider extends Provider {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<long[]> COMPRESSIONS = ThreadLocal.withInitial(() -> new long[1]);

    public CountingMacProvider() {
        super("CountingMac", "1.0", "JDK HMAC that counts SHA compressions");
        putService(new Service(this, "Mac", "HmacSHA1", Sha1.class.getName(), null, null));
        putService(new Service(this, "Mac", "HmacSHA256", Sha256.class.getName(), null, null));
    }

    /** Compressions counted on this thread so far. */
    static long compressions() {
        return COMPRESSIONS.get()[0];
    }

    abstract static class Counting extends MacSpi {
        private final Mac inner;
        /** Bytes in the inner hash since the last reset, the ipad block included; 0 for a fresh HMAC. */
        private long fed;

        Counting(String algorithm) {
            try {
                inner = Mac.getInstance(algorithm, "SunJCE");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private void start() {
            if (fed == 0) {
                fed = MacAlgorithm.HASH_BLOCK_LENGTH;
            }
        }

        @Override
        protected int engineGetMacLength() {
            return inner.getMacLength();
        }

        @Override
        protected void engineInit(Key key, AlgorithmParameterSpec params) throws java.security.InvalidKeyException,
                java.security.InvalidAlgorithmParameterException {
            inner.init(key, params);
            fed = 0;
        }

        @Override
        protected void engineUpdate(byte input) {
            start();
            fed++;
            inner.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            start();
            fed += len;
            inner.update(input, offset, len);
        }

        @Override
        protected byte[] engineDoFinal() {
            start();
            COMPRESSIONS.get()[0] += MacAlgorithm.compressions((int) fed) + 2;
            fed = 0;
            return inner.doFinal();
        }

        @Override
        protected void engineReset() {
            COMPRESSIONS.get()[0] += fed / MacAlgorithm.HASH_BLOCK_LENGTH;
            fed = 0;
            inner.reset();
        }
    }

    public static final class Sha1 extends Counting {
        public Sha1() {
            super("HmacSHA1");
        }
    }

    public static final class Sha256 extends Counting {
        public Sha256() {
            super("HmacSHA256");
        }
    }
}
