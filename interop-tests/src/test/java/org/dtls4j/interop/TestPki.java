package org.dtls4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates and keys the interop tests use, generated once per test run into
 * {@code target/pki/} with the {@code openssl} command line, all PEM with PKCS#8 keys.
 *
 * <pre>
 *   ca.pem / ca.key                   ECDSA P-256 CA (basicConstraints CA:TRUE)
 *   server-ecdsa.pem / .key           P-256 server leaf signed by the CA; server-ecdsa-chain.pem = CA, sent after it
 *   server-selfsigned.pem / .key      self-signed P-256 server certificate
 *   server-rsa.pem / .key             RSA 2048 server leaf signed by the CA
 *   server-p384.pem / .key            ECDSA P-384 server leaf signed by the CA
 *   server-ed25519.pem / .key         Ed25519 server leaf signed by the CA
 *   client-ecdsa.pem / .key           P-256 client leaf signed by the CA (clientAuth)
 * </pre>
 *
 * Servers carry {@code subjectAltName = DNS:localhost, IP:127.0.0.1} (RFC 5280 §4.2.1.6), so
 * hostname checks against {@code localhost} or {@code 127.0.0.1} pass.
 */
public final class TestPki {

    /** Password of the in-memory PKCS#12 key stores (they never touch disk). */
    public static final char[] STORE_PASSWORD = "interop".toCharArray();

    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);
    private static final String CONFIG = String.join("\n",
            "[ req ]",
            "distinguished_name = dn",
            "prompt = no",
            "[ dn ]",
            "CN = unused",
            "[ ca_ext ]",
            "basicConstraints = critical, CA:TRUE",
            "keyUsage = critical, keyCertSign, cRLSign",
            "subjectKeyIdentifier = hash",
            "[ server_ext ]",
            "basicConstraints = critical, CA:FALSE",
            "keyUsage = critical, digitalSignature, keyEncipherment",
            "extendedKeyUsage = serverAuth",
            "subjectAltName = DNS:localhost, IP:127.0.0.1",
            "subjectKeyIdentifier = hash",
            "authorityKeyIdentifier = keyid",
            "[ selfsigned_ext ]",
            "basicConstraints = critical, CA:FALSE",
            "keyUsage = critical, digitalSignature, keyCertSign",
            "extendedKeyUsage = serverAuth",
            "subjectAltName = DNS:localhost, IP:127.0.0.1",
            "[ client_ext ]",
            "basicConstraints = critical, CA:FALSE",
            "keyUsage = critical, digitalSignature",
            "extendedKeyUsage = clientAuth",
            "subjectKeyIdentifier = hash",
            "authorityKeyIdentifier = keyid",
            "");

    private static TestPki instance;

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /**
     * The PKI of this test run, generated into {@code target/pki/} on first use (files from an
     * earlier run are replaced, so validity periods are always fresh).
     */
    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                instance = generate(TestDirs.under("pki"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot generate the test PKI", e);
            }
        }
        return instance;
    }

    /** Generates the whole set into {@code dir}. */
    static TestPki generate(Path dir) throws IOException {
        Files.writeString(dir.resolve("openssl.cnf"), CONFIG);
        TestPki pki = new TestPki(dir);
        pki.key("ca", "EC", "ec_paramgen_curve:P-256");
        pki.openssl("req", "-x509", "-new", "-config", "openssl.cnf", "-extensions", "ca_ext",
                "-key", "ca.key", "-subj", "/CN=dtls4j interop test CA", "-days", "30", "-sha256", "-out", "ca.pem");
        pki.leaf("server-ecdsa", "EC", "ec_paramgen_curve:P-256", "/CN=localhost", "server_ext");
        Files.copy(dir.resolve("ca.pem"), dir.resolve("server-ecdsa-chain.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        pki.leaf("server-rsa", "RSA", "rsa_keygen_bits:2048", "/CN=localhost", "server_ext");
        pki.leaf("server-p384", "EC", "ec_paramgen_curve:P-384", "/CN=localhost", "server_ext");
        pki.leaf("server-ed25519", "ED25519", null, "/CN=localhost", "server_ext");
        pki.leaf("client-ecdsa", "EC", "ec_paramgen_curve:P-256", "/CN=dtls4j interop client", "client_ext");
        pki.key("server-selfsigned", "EC", "ec_paramgen_curve:P-256");
        pki.openssl("req", "-x509", "-new", "-config", "openssl.cnf", "-extensions", "selfsigned_ext",
                "-key", "server-selfsigned.key", "-subj", "/CN=localhost", "-days", "30", "-sha256",
                "-out", "server-selfsigned.pem");
        return pki;
    }

    private void key(String name, String algorithm, String option) throws IOException {
        List<String> args = new ArrayList<>(List.of("genpkey", "-algorithm", algorithm));
        if (option != null) {
            args.addAll(List.of("-pkeyopt", option));
        }
        args.addAll(List.of("-out", name + ".key"));
        openssl(args.toArray(String[]::new));
    }

    private void leaf(String name, String algorithm, String option, String subject, String extensions)
            throws IOException {
        key(name, algorithm, option);
        openssl("req", "-new", "-config", "openssl.cnf", "-key", name + ".key", "-subj", subject,
                "-out", name + ".csr");
        String serial = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", serial,
                "-days", "30", "-sha256", "-extfile", "openssl.cnf", "-extensions", extensions, "-out", name + ".pem");
    }

    private void openssl(String... args) throws IOException {
        OpenSsl.run(OPENSSL_TIMEOUT, dir, args);
    }

    /** The directory holding the files. */
    public Path dir() {
        return dir;
    }

    /** The CA certificate file ({@code -CAfile} for OpenSSL). */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** The CA certificate. */
    public X509Certificate caCertificate() {
        return unchecked(() -> Pem.certificate(caFile()));
    }

    /** ECDSA P-256 server leaf signed by the CA; its chain file holds the CA, so a chain of two is sent. */
    public Credential serverEcdsa() {
        return credential("server-ecdsa", true);
    }

    /** Self-signed ECDSA P-256 server certificate. */
    public Credential serverSelfSigned() {
        return credential("server-selfsigned", false);
    }

    /** RSA 2048 server leaf signed by the CA. */
    public Credential serverRsa() {
        return credential("server-rsa", false);
    }

    /** ECDSA P-384 server leaf signed by the CA. */
    public Credential serverP384() {
        return credential("server-p384", false);
    }

    /** Ed25519 server leaf signed by the CA. */
    public Credential serverEd25519() {
        return credential("server-ed25519", false);
    }

    /** ECDSA P-256 client leaf signed by the CA. */
    public Credential clientEcdsa() {
        return credential("client-ecdsa", false);
    }

    private Credential credential(String name, boolean withChain) {
        Optional<Path> chain = withChain ? Optional.of(dir.resolve(name + "-chain.pem")) : Optional.empty();
        return new Credential(name, dir.resolve(name + ".pem"), dir.resolve(name + ".key"), chain);
    }

    /** A PKCS#12 key store holding {@code anchors} as trusted certificates. */
    public static KeyStore trustStore(X509Certificate... anchors) {
        return unchecked(() -> {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                ks.setCertificateEntry("anchor-" + i, anchors[i]);
            }
            return ks;
        });
    }

    /** JDK trust managers trusting {@code anchors} (default PKIX algorithm, no revocation). */
    public static TrustManager[] trustManagers(X509Certificate... anchors) {
        return unchecked(() -> {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(anchors));
            return tmf.getTrustManagers();
        });
    }

    /**
     * A certificate and its private key as PEM files.
     *
     * @param name      file stem, e.g. {@code server-ecdsa}
     * @param leafFile  the end-entity certificate
     * @param keyFile   its PKCS#8 private key
     * @param chainFile certificates sent after the leaf (the CA), if any
     */
    public record Credential(String name, Path leafFile, Path keyFile, Optional<Path> chainFile) {

        /** The leaf certificate. */
        public X509Certificate certificate() {
            return unchecked(() -> Pem.certificate(leafFile));
        }

        /** Leaf first, then the chain file's certificates. */
        public List<X509Certificate> chain() {
            return unchecked(() -> {
                List<X509Certificate> all = new ArrayList<>(Pem.certificates(leafFile));
                if (chainFile.isPresent()) {
                    all.addAll(Pem.certificates(chainFile.get()));
                }
                return all;
            });
        }

        /** The private key. */
        public PrivateKey privateKey() {
            return unchecked(() -> Pem.privateKey(keyFile));
        }

        /** An in-memory PKCS#12 key store with one key entry (alias = {@link #name()}). */
        public KeyStore keyStore() {
            return unchecked(() -> {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry(name, privateKey(), STORE_PASSWORD, chain().toArray(Certificate[]::new));
                return ks;
            });
        }

        /** JDK key managers presenting this credential. */
        public KeyManager[] keyManagers() {
            return unchecked(() -> {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore(), STORE_PASSWORD);
                return kmf.getKeyManagers();
            });
        }
    }

    /** A loader step that may throw; failures in fixture loading are programming errors here. */
    @FunctionalInterface
    private interface Loader<T> {
        T load() throws IOException, GeneralSecurityException;
    }

    private static <T> T unchecked(Loader<T> loader) {
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
