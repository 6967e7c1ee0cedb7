package org.dtls4j.credentials;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAKey;

/**
 * Answers "is this the private key of that certificate?" before a handshake finds out the hard
 * way: an RSA pair must share its modulus; any other pair must verify a signature made with the
 * private key.
 */
final class KeyMatch {
    private KeyMatch() {
    }

    static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        if (publicKey instanceof RSAKey pub && privateKey instanceof RSAKey priv) {
            return pub.getModulus().equals(priv.getModulus());
        }
        SignatureAlgorithm algorithm;
        try {
            algorithm = SignatureAlgorithm.forKey(privateKey);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] challenge = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm.jcaName());
            signer.initSign(privateKey, random);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another type or on another curve cannot verify: not a match.
            return false;
        }
    }
}
