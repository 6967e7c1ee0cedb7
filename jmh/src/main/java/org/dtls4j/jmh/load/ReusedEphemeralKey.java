package org.dtls4j.jmh.load;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyPairGeneratorSpi;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;

/**
 * A JCA provider whose only service is an "EC" {@code KeyPairGenerator} that hands out the same
 * P-256 key pair every time: the load generator's clients reuse one ECDHE key for all their
 * handshakes instead of making a new one each (a key generation is about a sixth of a client's
 * work). The server cannot tell: it still makes its own ephemeral key, signs its ServerKeyExchange
 * and computes the shared secret (RFC 8422 §5.4, §5.10) for every handshake. A real client must
 * never do this; a load generator measures the server only.
 */
final class ReusedEphemeralKey extends Provider {
    private static final long serialVersionUID = 1L;

    /** One P-256 key pair from {@code maker}, the provider that will also compute the agreement. */
    ReusedEphemeralKey(Provider maker) {
        super("dtls4j-load-reused-ecdhe", "1", "one P-256 ECDHE key pair for every handshake of a load generator");
        KeyPair pair = p256(maker);
        putService(new Service(this, "KeyPairGenerator", "EC", Generator.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return new Generator(pair);
            }
        });
    }

    private static KeyPair p256(Provider maker) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", maker);
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a P-256 key pair with " + maker.getName(), e);
        }
    }

    /** Returns the one key pair; the requested curve is secp256r1, the only group the clients offer. */
    static final class Generator extends KeyPairGeneratorSpi {
        private final KeyPair pair;

        Generator(KeyPair pair) {
            this.pair = pair;
        }

        @Override
        public void initialize(int keysize, SecureRandom random) {
            // the key is made already
        }

        @Override
        public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
            if (!(params instanceof ECGenParameterSpec spec) || !spec.getName().equals("secp256r1")) {
                throw new InvalidAlgorithmParameterException("only secp256r1 is reused, not " + params);
            }
        }

        @Override
        public KeyPair generateKeyPair() {
            return pair;
        }
    }
}
