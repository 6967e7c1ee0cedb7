package org.dtls4j.credentials;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A key pair from PEM files, for authenticating with a raw public key (RFC 7250), where the
 * Certificate message carries only the public key: {@code DtlsConfig.Builder.rawPublicKey(pair)}.
 */
public final class KeyPairs {
    private KeyPairs() {
    }

    /**
     * The public key from {@code publicFile} ({@link Pem#readPublicKey}: a "PUBLIC KEY" block, or a
     * certificate's key) with the first private key in {@code privateFile}, which may be the same
     * file, checked to belong together.
     *
     * @throws IOException if a file cannot be read, lacks the expected block, or the private key
     *     does not belong to the public key; the message names the file
     */
    public static KeyPair fromPem(Path publicFile, Path privateFile) throws IOException {
        PublicKey publicKey = Pem.readPublicKey(publicFile);
        PrivateKey privateKey = Pem.readPrivateKey(privateFile);
        if (!KeyMatch.matches(publicKey, privateKey)) {
            throw new IOException(privateFile + ": the " + privateKey.getAlgorithm() + " private key does not belong to"
                    + " the " + publicKey.getAlgorithm() + " public key in " + publicFile);
        }
        return new KeyPair(publicKey, privateKey);
    }
}
