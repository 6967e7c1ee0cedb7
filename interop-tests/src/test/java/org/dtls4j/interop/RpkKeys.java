package org.dtls4j.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.dtls4j.credentials.KeyPairs;

/**
 * A raw public key (RFC 7250) for the interop tests: a fresh key pair made by {@code openssl
 * genpkey} under {@code target/rpk/} as {@code NAME-KIND.key} (PKCS#8) and {@code NAME-KIND.pub}
 * (a PEM "PUBLIC KEY", {@code openssl pkey -pubout}), the files GnuTLS's {@code --rawpkkeyfile} and
 * {@code --rawpkfile} take, and read back with dtls4j's own PEM reader for the in-process peers.
 * OpenSSL rather than the JDK makes them: GnuTLS 3.7 refuses an EC PKCS#8 key without the
 * optional public key inside ("ASN1 parser: Element was not found"), and the JDK writes none.
 *
 * @param kind "P-256" or "Ed25519"
 */
record RpkKeys(String kind, KeyPair pair, Path publicFile, Path privateFile) {
    private static final Duration OPENSSL = Duration.ofSeconds(30);

    static RpkKeys generate(String name, String kind) throws IOException {
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
