package org.dtls4j.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122 §5, {@code a=fingerprint:sha-256 AB:CD:...};
 * RFC 8842 §5 for DTLS-SRTP in WebRTC): a hash function token and the hash of the certificate's DER
 * encoding in colon-separated upper-case hex. Hand {@link #toSdp()} to the peer out of band, and pin
 * the peer's with {@code DtlsConfig.Builder.peerCertificateFingerprint(String)}.
 *
 * <pre>{@code
 * Credentials mine = ThrowawayCredentials.selfSigned("P-256", "dtls4j");
 * String sdp = "a=fingerprint:" + Fingerprint.sha256(mine.leaf()).toSdp();
 * }</pre>
 *
 * <p>Hash functions: {@code sha-256} (what browsers send), {@code sha-384} and {@code sha-512};
 * the RFC's {@code sha-1}, {@code md5} and {@code md2} are too weak to pin a certificate with and
 * are refused.
 */
public final class Fingerprint {
    private static final Map<String, Integer> LENGTHS = Map.of("sha-256", 32, "sha-384", 48, "sha-512", 64);

    private final String hashFunction;
    private final byte[] digest;

    private Fingerprint(String hashFunction, byte[] digest) {
        this.hashFunction = hashFunction;
        this.digest = digest;
    }

    /** The SHA-256 fingerprint of {@code cert}: SHA-256 over its DER encoding (RFC 8122 §5). */
    public static Fingerprint sha256(X509Certificate cert) {
        return of("sha-256", cert);
    }

    /**
     * The fingerprint of {@code cert} under {@code hashFunction} ({@code sha-256}, {@code sha-384} or
     * {@code sha-512}, case-insensitive).
     */
    public static Fingerprint of(String hashFunction, X509Certificate cert) {
        String hash = hashFunction.toLowerCase(Locale.ROOT);
        if (!LENGTHS.containsKey(hash)) {
            throw new IllegalArgumentException("hash function '" + hashFunction + "' is not one of sha-256, sha-384, sha-512");
        }
        try {
            return new Fingerprint(hash, MessageDigest.getInstance(hash.toUpperCase(Locale.ROOT)).digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the SDP form {@code sha-256 AB:CD:...}; the hash function token is case-insensitive
     * (RFC 8122 §5), lower-case hex and a leading {@code a=fingerprint:} are accepted.
     *
     * @throws IllegalArgumentException naming what is wrong and the expected form
     */
    public static Fingerprint parse(String sdp) {
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
        return new Fingerprint(hash, d);
    }

    /** A SHA-256 fingerprint from its 32 raw bytes. */
    public static Fingerprint sha256(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a sha-256 fingerprint has 32 bytes, got "
                    + (digest == null ? "none" : digest.length));
        }
        return new Fingerprint("sha-256", digest.clone());
    }

    /** The fingerprint of {@code cert} under this one's hash function, in the SDP form: for messages. */
    public String sdpOf(X509Certificate cert) {
        return of(hashFunction, cert).toSdp();
    }

    /** The hash function token: {@code sha-256}, {@code sha-384} or {@code sha-512}. */
    public String hashFunction() {
        return hashFunction;
    }

    /** The hash bytes. */
    public byte[] bytes() {
        return digest.clone();
    }

    /** Whether {@code cert}'s DER encoding hashes to this fingerprint, compared in constant time. */
    public boolean matches(X509Certificate cert) {
        return MessageDigest.isEqual(digest, of(hashFunction, cert).digest);
    }

    /** The SDP form, {@code sha-256 AB:CD:...}: what follows {@code a=fingerprint:} (RFC 8122 §5). */
    public String toSdp() {
        StringBuilder sb = new StringBuilder(hashFunction.length() + 1 + digest.length * 3).append(hashFunction).append(' ');
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02X", digest[i] & 0xff));
        }
        return sb.toString();
    }

    private static IllegalArgumentException bad(String sdp, String why) {
        return new IllegalArgumentException("not an SDP certificate fingerprint '" + sdp + "': " + why
                + " (RFC 8122 §5 form: 'sha-256 AB:CD:...')");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint && ((Fingerprint) o).hashFunction.equals(hashFunction)
                && MessageDigest.isEqual(((Fingerprint) o).digest, digest);
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
