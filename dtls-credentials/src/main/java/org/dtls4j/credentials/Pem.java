package org.dtls4j.credentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the PEM textual encoding (RFC 7468) of certificates and private keys, so that
 * files made by OpenSSL and friends work with the JDK's own parsers.
 *
 * <table>
 *   <caption>Labels read</caption>
 *   <tr><th>Label</th><th>Contents</th></tr>
 *   <tr><td>CERTIFICATE</td><td>X.509 certificate (RFC 5280 §4.1; RFC 7468 §5)</td></tr>
 *   <tr><td>PRIVATE KEY</td><td>PKCS#8 PrivateKeyInfo (RFC 5208 §5; RFC 7468 §10): EC, RSA, RSASSA-PSS, Ed25519, Ed448</td></tr>
 *   <tr><td>EC PRIVATE KEY</td><td>SEC1 ECPrivateKey (RFC 5915 §3), as {@code openssl ecparam -genkey} writes</td></tr>
 *   <tr><td>RSA PRIVATE KEY</td><td>PKCS#1 RSAPrivateKey (RFC 8017 Appendix A.1.2), as {@code openssl genrsa -traditional} writes</td></tr>
 *   <tr><td>PUBLIC KEY</td><td>SubjectPublicKeyInfo (RFC 5280 §4.1.2.7; RFC 7468 §13), as {@code openssl pkey -pubout}
 *       writes: a raw public key (RFC 7250)</td></tr>
 * </table>
 *
 * <p>Encrypted keys ("ENCRYPTED PRIVATE KEY", or a legacy block with a "Proc-Type: 4,ENCRYPTED"
 * header) are refused with a message saying so: decrypt them first, for example with
 * {@code openssl pkey -in key.pem -out plain.pem}.
 *
 * <p>Every failure is an {@link IOException} whose message names the file (or "PEM text") and what
 * was expected.
 */
public final class Pem {
    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";

    /**
     * RFC 7468 §5 notes that older tools wrote "X509 CERTIFICATE" or "X.509 CERTIFICATE";
     * we read those as well and only ever write "CERTIFICATE".
     */
    private static final Set<String> CERTIFICATE_LABELS = Set.of(CERTIFICATE, "X509 CERTIFICATE", "X.509 CERTIFICATE");
    private static final Set<String> KEY_LABELS = Set.of(PRIVATE_KEY, EC_PRIVATE_KEY, RSA_PRIVATE_KEY, ENCRYPTED_PRIVATE_KEY);
    private static final String TEXT_SOURCE = "PEM text";

    private Pem() {
    }

    /** Every certificate in the file, in file order (a chain file lists the leaf first). */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return certificates(PemBlock.parseAll(readText(file), file.toString()), file.toString());
    }

    /** Every certificate in {@code pemText}, in order. */
    public static List<X509Certificate> readCertificates(String pemText) throws IOException {
        return certificates(PemBlock.parseAll(pemText, TEXT_SOURCE), TEXT_SOURCE);
    }

    /** The first private key in the file; other blocks (certificates, "EC PARAMETERS") are skipped. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return privateKey(PemBlock.parseAll(readText(file), file.toString()), file.toString());
    }

    /** The first private key in {@code pemText}. */
    public static PrivateKey readPrivateKey(String pemText) throws IOException {
        return privateKey(PemBlock.parseAll(pemText, TEXT_SOURCE), TEXT_SOURCE);
    }

    /**
     * Every "PUBLIC KEY" block in the file, in file order (other blocks are skipped): one key, or a
     * list of trusted raw public keys (RFC 7250), one block per peer.
     */
    public static List<PublicKey> readPublicKeys(Path file) throws IOException {
        return publicKeys(PemBlock.parseAll(readText(file), file.toString()), file.toString());
    }

    /**
     * The first public key in the file: its first "PUBLIC KEY" block or, if it has none, the key of
     * its first certificate. Either way the key a raw public key (RFC 7250) would carry.
     */
    public static PublicKey readPublicKey(Path file) throws IOException {
        List<PemBlock> blocks = PemBlock.parseAll(readText(file), file.toString());
        if (blocks.stream().noneMatch(b -> b.label().equals(PUBLIC_KEY))
                && blocks.stream().anyMatch(b -> CERTIFICATE_LABELS.contains(b.label()))) {
            return certificates(blocks, file.toString()).get(0).getPublicKey();
        }
        return publicKeys(blocks, file.toString()).get(0);
    }

    /** Every "PUBLIC KEY" block in {@code pemText}, in order. */
    public static List<PublicKey> readPublicKeys(String pemText) throws IOException {
        return publicKeys(PemBlock.parseAll(pemText, TEXT_SOURCE), TEXT_SOURCE);
    }

    /** A "PUBLIC KEY" block holding the key's SubjectPublicKeyInfo (RFC 7468 §13). */
    public static String encode(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der == null || !"X.509".equals(key.getFormat())) {
            throw new IllegalArgumentException("the " + key.getAlgorithm() + " key does not export a SubjectPublicKeyInfo"
                    + " (format " + key.getFormat() + ")");
        }
        return PemBlock.encode(PUBLIC_KEY, der);
    }

    /** A "CERTIFICATE" block holding the certificate's DER encoding. */
    public static String encode(X509Certificate cert) {
        try {
            return PemBlock.encode(CERTIFICATE, cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * An unencrypted PKCS#8 "PRIVATE KEY" block (RFC 7468 §10). The text holds the secret key:
     * write it to a file only the owner can read.
     *
     * @throws IllegalArgumentException if the key does not export PKCS#8 (a key held in hardware)
     */
    public static String encode(PrivateKey key) {
        byte[] der = key.getEncoded();
        if (der == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("the " + key.getAlgorithm() + " key does not export a PKCS#8 encoding"
                    + " (format " + key.getFormat() + ")");
        }
        return PemBlock.encode(PRIVATE_KEY, der);
    }

    private static String readText(Path file) throws IOException {
        long size = Files.size(file);
        if (size > PemBlock.MAX_TEXT_CHARS) {
            throw new IOException(file + ": " + size + " bytes is too large for a PEM file");
        }
        // ISO-8859-1 maps every byte to a character, so stray bytes outside the blocks (RFC 7468 §2
        // "explanatory text") can never make decoding fail.
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    private static List<X509Certificate> certificates(List<PemBlock> blocks, String source) throws IOException {
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK offers no X.509 certificate factory", e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (!CERTIFICATE_LABELS.contains(block.label())) {
                continue;
            }
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new IOException(source + ": certificate " + (out.size() + 1) + " is not a valid X.509 certificate: "
                        + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(source + ": no certificate found: expected a -----BEGIN CERTIFICATE----- block"
                    + foundLabels(blocks));
        }
        return List.copyOf(out);
    }

    private static List<PublicKey> publicKeys(List<PemBlock> blocks, String source) throws IOException {
        List<PublicKey> out = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (!block.label().equals(PUBLIC_KEY)) {
                continue;
            }
            try {
                out.add(PublicKeyCodec.fromSpki(block.der()));
            } catch (PrivateKeyCodec.KeyFormatException e) {
                throw new IOException(source + ": public key " + (out.size() + 1) + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(source + ": no public key found: expected a -----BEGIN PUBLIC KEY----- block"
                    + foundLabels(blocks));
        }
        return List.copyOf(out);
    }

    private static PrivateKey privateKey(List<PemBlock> blocks, String source) throws IOException {
        for (PemBlock block : blocks) {
            if (KEY_LABELS.contains(block.label())) {
                return decodeKey(block, source);
            }
        }
        throw new IOException(source + ": no private key found: expected a -----BEGIN PRIVATE KEY-----,"
                + " -----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- block" + foundLabels(blocks));
    }

    private static PrivateKey decodeKey(PemBlock block, String source) throws IOException {
        if (block.label().equals(ENCRYPTED_PRIVATE_KEY) || block.isEncrypted()) {
            throw new IOException(source + ": the " + block.label() + " is encrypted; encrypted keys are not supported"
                    + " (decrypt it first, for example: openssl pkey -in encrypted.pem -out key.pem)");
        }
        try {
            byte[] pkcs8 = switch (block.label()) {
                case EC_PRIVATE_KEY -> PrivateKeyCodec.wrapSec1(block.der());
                case RSA_PRIVATE_KEY -> PrivateKeyCodec.wrapPkcs1(block.der());
                default -> block.der();
            };
            return PrivateKeyCodec.fromPkcs8(pkcs8);
        } catch (PrivateKeyCodec.KeyFormatException e) {
            throw new IOException(source + ": " + block.label() + " block: " + e.getMessage(), e);
        }
    }

    private static String foundLabels(List<PemBlock> blocks) {
        if (blocks.isEmpty()) {
            return " (found no PEM blocks at all)";
        }
        Set<String> labels = new LinkedHashSet<>();
        for (PemBlock b : blocks) {
            labels.add(b.label());
        }
        return " (found only " + String.join(", ", labels) + ")";
    }
}
