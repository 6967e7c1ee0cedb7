package org.dtls4j.handshake.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.dtls4j.credentials.CertificateBuilder;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.Pem;
import org.dtls4j.credentials.ThrowawayCredentials;

/**
 * The certificates of the engine fuzz targets, committed as PEM next to the corpus: the seed
 * flights carry these certificates and signatures made with these keys, so they must stay the
 * same from run to run and from JDK to JDK. Valid 2020 to 2120. Made once by
 * {@link #write(Path)} (see {@code SeedCorpusTest}); never regenerate them without regenerating the
 * corpus.
 *
 * @param ca     the CA both sides trust
 * @param server the server's leaf ("localhost") and key, chain [leaf, ca]
 * @param client the client's leaf and key, chain [leaf, ca]
 */
record FuzzPki(X509Certificate ca, Credentials server, Credentials client) {
    static final String RESOURCE_DIR = "/org/dtls4j/handshake/fuzz/pki/";
    private static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2120-01-01T00:00:00Z");
    private static FuzzPki loaded;

    static synchronized FuzzPki get() {
        if (loaded == null) {
            try {
                X509Certificate ca = Pem.readCertificates(read("ca.pem")).get(0);
                loaded = new FuzzPki(ca, credentials("server", ca), credentials("client", ca));
            } catch (IOException e) {
                throw new UncheckedIOException("fuzz PKI missing: run SeedCorpusTest with -Dfuzz.corpus.update=true", e);
            }
        }
        return loaded;
    }

    private static Credentials credentials(String name, X509Certificate ca) throws IOException {
        X509Certificate leaf = Pem.readCertificates(read(name + ".pem")).get(0);
        PrivateKey key = Pem.readPrivateKey(read(name + "-key.pem"));
        return new Credentials(List.of(leaf, ca), key);
    }

    private static String read(String file) throws IOException {
        try (InputStream in = FuzzPki.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }
        // just written by SeedCorpusTest, not yet copied to the class path
        return Files.readString(sourceDir().resolve(file), StandardCharsets.US_ASCII);
    }

    static Path sourceDir() {
        return Path.of("src", "test", "resources", RESOURCE_DIR.substring(1));
    }

    /** Makes a new CA, server and client (P-256) and writes them as PEM into {@code dir}. */
    static void write(Path dir) throws IOException {
        KeyPair caKeys = ThrowawayCredentials.generateKeyPair("P-256");
        java.security.SecureRandom random = new java.security.SecureRandom();
        X509Certificate ca = CertificateBuilder.selfSigned("dtls4j fuzz CA", caKeys).ca(true)
                .validity(NOT_BEFORE, NOT_AFTER).build(random);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.pem"), Pem.encode(ca));
        for (String name : new String[] {"server", "client"}) {
            KeyPair keys = ThrowawayCredentials.generateKeyPair("P-256");
            X509Certificate leaf = CertificateBuilder.signedBy(name.equals("server") ? "localhost" : "fuzz client",
                            keys.getPublic(), ca, caKeys.getPrivate())
                    .subjectAltNames(name.equals("server") ? new String[] {"localhost"} : new String[0])
                    .validity(NOT_BEFORE, NOT_AFTER).build(random);
            Files.writeString(dir.resolve(name + ".pem"), Pem.encode(leaf));
            Files.writeString(dir.resolve(name + "-key.pem"), Pem.encode(keys.getPrivate()));
        }
    }
}
