package org.dtls4j.handshake.protocol;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.X509TrustManager;
import org.dtls4j.crypto.Fingerprint;
import org.dtls4j.crypto.KeyExchangeAlgorithm;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.TrustManagers;

/**
 * Checks of the peer's certificate chain: parsing, PKIX trust through the JDK's trust manager, the
 * server name (RFC 6125 §6.4, subjectAltName only) and the key type the suite needs (RFC 8422 §5.3).
 */
final class PeerCertificates {
    private PeerCertificates() {
    }

    static List<X509Certificate> parse(List<byte[]> der) throws DtlsException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (byte[] d : der) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(d)));
            }
            return chain;
        } catch (CertificateException | ClassCastException e) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE, "cannot parse peer certificate: " + e.getMessage(), e);
        }
    }

    /** Client side: trust, server name, key type. */
    static void checkServer(DtlsConfig config, List<X509Certificate> chain, KeyExchangeAlgorithm kx) throws DtlsException {
        checkKeyType(chain.get(0).getPublicKey(), kx);
        if (checkPinned(config, chain, "server")) {
            return;
        }
        if (!config.verifyPeer()) {
            return;
        }
        X509TrustManager tm = config.trustManager() != null ? config.trustManager() : TrustManagers.jdkDefault();
        try {
            tm.checkServerTrusted(chain.toArray(new X509Certificate[0]), kx.name());
        } catch (CertificateException e) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE, "server certificate not trusted: " + e.getMessage(), e);
        }
        String host = config.serverName();
        if (host != null && !matchesHost(chain.get(0), host)) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE, "server certificate does not match host name '" + host
                    + "': subjectAltNames are " + altNames(chain.get(0)));
        }
    }

    /** Server side: the client's chain against the configured trust. */
    static void checkClient(DtlsConfig config, List<X509Certificate> chain) throws DtlsException {
        if (checkPinned(config, chain, "client")) {
            return;
        }
        X509TrustManager tm = config.trustManager() != null ? config.trustManager() : TrustManagers.jdkDefault();
        String authType = chain.get(0).getPublicKey().getAlgorithm();
        try {
            tm.checkClientTrusted(chain.toArray(new X509Certificate[0]), authType);
        } catch (CertificateException e) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE, "client certificate not trusted: " + e.getMessage(), e);
        }
    }

    /**
     * RFC 8122 §5 / RFC 8842 §5: with a pinned fingerprint the leaf must hash to it, and nothing
     * else is checked (no PKIX, no host name).
     *
     * @return whether a pin was configured (and matched)
     * @throws DtlsException bad_certificate naming the expected and the received fingerprint
     */
    static boolean checkPinned(DtlsConfig config, List<X509Certificate> chain, String role) throws DtlsException {
        Fingerprint pin = pin(config);
        if (pin == null) {
            return false;
        }
        if (!pin.matches(chain.get(0))) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE, role + " certificate fingerprint mismatch: expected "
                    + pin.toSdp() + ", received " + pin.sdpOf(chain.get(0)));
        }
        return true;
    }

    /**
     * Whether a cached session may be resumed under the configured pin: its peer's leaf must match
     * it, or a session set up under another pin (a configuration derived with toBuilder shares the
     * session cache) would skip the check. Without a pin every session may.
     */
    static boolean resumableUnderPin(DtlsConfig config, List<X509Certificate> peerChain) {
        Fingerprint pin = pin(config);
        return pin == null || (!peerChain.isEmpty() && pin.matches(peerChain.get(0)));
    }

    private static Fingerprint pin(DtlsConfig config) {
        return config.peerCertificateFingerprint().map(Fingerprint::parse).orElse(null);
    }

    /** RFC 8422 §5.3: ECDHE_ECDSA needs an ECDSA (or EdDSA) capable key; ECDHE_RSA an RSA key. */
    static void checkKeyType(PublicKey key, KeyExchangeAlgorithm kx) throws DtlsException {
        String alg = key.getAlgorithm();
        boolean ok = kx == KeyExchangeAlgorithm.ECDHE_RSA
                ? alg.equals("RSA")
                : alg.equals("EC") || alg.equals("Ed25519") || alg.equals("EdDSA");
        if (!ok) {
            throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE,
                    "server certificate has a " + alg + " key, which " + kx + " cannot use");
        }
    }

    /** RFC 6125 §6.4: DNS names (one leading wildcard label) and IP addresses from subjectAltName. */
    static boolean matchesHost(X509Certificate cert, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        boolean ip = isIpLiteral(h);
        for (List<?> san : sans(cert)) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
            if (ip && type == 7 && sameAddress(value, h)) {
                return true;
            }
            if (!ip && type == 2 && dnsMatches(value, h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static boolean isIpLiteral(String h) {
        return h.matches("[0-9.]+") || h.contains(":");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Collection<List<?>> sans(X509Certificate cert) {
        try {
            Collection<List<?>> s = cert.getSubjectAlternativeNames();
            return s == null ? List.of() : s;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String altNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        for (List<?> san : sans(cert)) {
            names.add(String.valueOf(san.get(1)));
        }
        return names.toString();
    }
}
