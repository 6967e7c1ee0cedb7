package org.dtls4j.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM files (RFC 7468) into {@code java.security} objects, with the JDK alone: certificates via
 * {@link CertificateFactory}, PKCS#8 private keys (RFC 5208, {@code BEGIN PRIVATE KEY}) via
 * {@link KeyFactory} for EC, RSA and Ed25519.
 */
public final class Pem {

    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";
    /** Key algorithms tried in turn; each KeyFactory rejects a PKCS#8 blob of another algorithm. */
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    private Pem() {
    }

    /** Every certificate in {@code file}, in file order (leaf first for a chain file). */
    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            cf.generateCertificates(in).forEach(c -> out.add((X509Certificate) c));
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        return out;
    }

    /** The first certificate in {@code file}. */
    public static X509Certificate certificate(Path file) throws IOException, GeneralSecurityException {
        return certificates(file).get(0);
    }

    /**
     * The PKCS#8 private key in {@code file}. SEC1 ({@code BEGIN EC PRIVATE KEY}) and PKCS#1
     * ({@code BEGIN RSA PRIVATE KEY}) are refused with a message saying so.
     */
    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf(KEY_BEGIN);
        int end = text.indexOf(KEY_END);
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(file + " holds no PKCS#8 '" + KEY_BEGIN
                    + "' block (convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
        return pkcs8(der);
    }

    /** A PKCS#8 DER private key of any of EC, RSA or Ed25519. */
    static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("PKCS#8 key is none of " + KEY_ALGORITHMS, last);
    }
}
