package org.dtls4j.handshake.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;

/**
 * A certificate fingerprint that arrived out of band (RFC 8122 §5, the SDP {@code a=fingerprint}
 * attribute; RFC 8842 §5 for DTLS-SRTP): the hash of the peer's leaf certificate over its DER
 * encoding. Pinning it replaces PKIX and the host name check, as WebRTC does with self-signed
 * certificates. The comparison runs in constant time ({@link MessageDigest#isEqual}).
 *
 * <p>Accepted hash functions: {@code sha-256}, {@code sha-384}, {@code sha-512} (RFC 8122 §5's
 * {@code hash-func} tokens, case-insensitive); {@code sha-1}, {@code md5} and {@code md2} are refused
 * as too weak to pin a certificate.
 */
public final class FingerprintPin {
    private static final Map<String, String> DIGESTS = Map.of(
            "sha-256", "SHA-256", "sha-384", "SHA-384", "sha-512", "SHA-512");
    private static final Map<String, Integer> LENGTHS = Map.of("sha-256", 32, "sha-384", 48, "sha-512", 64);

    private final String hashFunction;
    private final byte[] digest;

    private FingerprintPin(String hashFunction, byte[] digest) {
        this.hashFunction = hashFunction;
        this.digest = digest;
    }

    /**
     * Parses the SDP form, {@code sha-256 AB:CD:...} (RFC 8122 §5: hash function token, one space,
     * colon-separated upper-case hex pairs; lower case and a leading {@code a=fingerprint:} are accepted).
     *
     * @throws IllegalArgumentException naming what is wrong and the expected form
     */
    public static FingerprintPin parse(String sdp) {
        if (sdp == null) {
            throw new IllegalArgumentException("no fingerprint given");
        }
        String s = sdp.strip();
        if (s.regionMatches(true, 0, "a=fingerprint:", 0, 14)) {
            s = s.substring(14).strip();
        }
        String[] parts = s.split("\\s+");
        if (parts.length != 2) {
            throw bad(sdp, "expected a hash function and the hex bytes separated by one space");
        }
        String hash = parts[0].toLowerCase(Locale.ROOT);
        Integer length = LENGTHS.get(hash);
        if (length == null) {
            throw bad(sdp, "hash function '" + parts[0] + "' is not one of sha-256, sha-384, sha-512");
        }
        String[] pairs = parts[1].split(":", -1);
        if (pairs.length != length) {
            throw bad(sdp, "a " + hash + " fingerprint has " + length + " bytes, this one " + pairs.length);
        }
        byte[] d = new byte[length];
        for (int i = 0; i < length; i++) {
            if (!pairs[i].matches("[0-9A-Fa-f]{2}")) {
                throw bad(sdp, "byte " + (i + 1) + " '" + pairs[i] + "' is not two hex digits");
            }
            d[i] = (byte) Integer.parseInt(pairs[i], 16);
        }
        return new FingerprintPin(hash, d);
    }

    /** A SHA-256 fingerprint from its 32 raw bytes. */
    public static FingerprintPin sha256(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a sha-256 fingerprint has 32 bytes, got "
                    + (digest == null ? "none" : digest.length));
        }
        return new FingerprintPin("sha-256", digest.clone());
    }

    /** The SDP form: {@code sha-256 AB:CD:...}. */
    public String toSdp() {
        return format(hashFunction, digest);
    }

    /** The fingerprint of {@code cert} under this pin's hash function, in the SDP form. */
    public String of(X509Certificate cert) {
        return format(hashFunction, digest(cert));
    }

    /** Whether the leaf's DER encoding hashes to this fingerprint, compared in constant time. */
    public boolean matches(X509Certificate leaf) {
        return MessageDigest.isEqual(digest, digest(leaf));
    }

    private byte[] digest(X509Certificate cert) {
        try {
            return MessageDigest.getInstance(DIGESTS.get(hashFunction)).digest(cert.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash the certificate: " + e.getMessage(), e);
        }
    }

    static String format(String hash, byte[] d) {
        StringBuilder sb = new StringBuilder(hash.length() + 1 + d.length * 3);
        sb.append(hash).append(' ');
        for (int i = 0; i < d.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.toUpperCase(Character.forDigit((d[i] >> 4) & 0xf, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(d[i] & 0xf, 16)));
        }
        return sb.toString();
    }

    private static IllegalArgumentException bad(String sdp, String why) {
        return new IllegalArgumentException("not an SDP certificate fingerprint '" + sdp + "': " + why
                + " (RFC 8122 §5 form: 'sha-256 AB:CD:...')");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FingerprintPin && ((FingerprintPin) o).hashFunction.equals(hashFunction)
                && MessageDigest.isEqual(((FingerprintPin) o).digest, digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdp();
    }
}
