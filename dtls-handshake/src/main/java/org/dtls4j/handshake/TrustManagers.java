package org.dtls4j.handshake;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the JDK's PKIX trust managers, so certificate paths are checked by the JDK's own machinery. */
public final class TrustManagers {
    private TrustManagers() {
    }

    /** A PKIX trust manager that trusts exactly these CA (or self-signed) certificates. */
    public static X509TrustManager forAnchors(List<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors given");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : anchors) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
            return fromKeyStore(ks);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build trust from the given certificates: " + e.getMessage(), e);
        }
    }

    /** The JDK's default trust (its cacerts file). */
    public static X509TrustManager jdkDefault() {
        return fromKeyStore(null);
    }

    private static X509TrustManager fromKeyStore(KeyStore ks) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    return (X509TrustManager) tm;
                }
            }
            throw new IllegalStateException("the JDK offers no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise PKIX trust: " + e.getMessage(), e);
        }
    }
}
