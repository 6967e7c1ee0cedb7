package org.dtls4j.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.dtls4j.credentials.KeyPairs;

/**
 * A raw public key (RFC 7250) for the interop tests, "P-256" or "Ed25519".
 *
 * <p>{@link #generate} makes one in memory with the JDK, for the peers in this JVM.
 * {@link #openSslFiles} has {@code openssl genpkey} make it under {@code target/rpk/} as
 * {@code NAME-KIND.key} (PKCS#8) and {@code NAME-KIND.pub} (a PEM "PUBLIC KEY", {@code openssl pkey
 * -pubout}), the files GnuTLS's {@code --rawpkkeyfile} and {@code --rawpkfile} take, and reads them
 * back with dtls4j's own PEM reader. OpenSSL rather than the JDK writes those: GnuTLS 3.7 refuses an
 * EC PKCS#8 key without the optional public key inside ("ASN1 parser: Element was not found"), and
 * the JDK writes none.
 *
 * @param publicFile  the PEM public key, or {@code null} for a key made in memory
 * @param privateFile the PEM private key, or {@code null} for a key made in memory
 */
record RpkKeys(String kind, KeyPair pair, Path publicFile, Path privateFile) {
    private static final Duration OPENSSL = Duration.ofSeconds(30);

    static RpkKeys generate(String kind) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(kind.equals("P-256") ? "EC" : kind);
            if (kind.equals("P-256")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return new RpkKeys(kind, g.generateKeyPair(), null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + kind + " key pair", e);
        }
    }

    static RpkKeys openSslFiles(String name, String kind) throws IOException {
        Path dir = TestDirs.under("rpk");
        String key = name + "-" + kind + ".key";
        String pub = name + "-" + kind + ".pub";
        if (kind.equals("P-256")) {
            OpenSsl.run(OPENSSL, dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
        } else {
            OpenSsl.run(OPENSSL, dir, "genpkey", "-algorithm", kind, "-out", key);
        }
        OpenSsl.run(OPENSSL, dir, "pkey", "-in", key, "-pubout", "-out", pub);
        return new RpkKeys(kind, KeyPairs.fromPem(dir.resolve(pub), dir.resolve(key)), dir.resolve(pub), dir.resolve(key));
    }
}
