package org.dtls4j.jmh;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dtls4j.crypto.JcaProviders;

/**
 * Which JCA provider a benchmark plugs into dtls4j: the JDK's own provider list, or Bouncy
 * Castle's {@code BouncyCastleProvider} for every family through {@link JcaProviders}. The
 * provider is not installed in the JVM-wide list, so the JDK's SSLEngine never sees it.
 */
public enum Providers {
    /** The JDK's installed providers in their preference order (SunEC, SunJCE, SunRsaSign...). */
    JDK,
    /** Bouncy Castle's JCA provider for every family. */
    BC;

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    /** The provider object, or {@code null} for the JDK's list. */
    public Provider provider() {
        return this == BC ? BOUNCY_CASTLE : null;
    }

    /** The {@link JcaProviders} that dtls4j's configuration takes. */
    public JcaProviders jca() {
        return this == BC ? JcaProviders.builder().all(BOUNCY_CASTLE).build() : JcaProviders.defaults();
    }

    /** The shared Bouncy Castle provider instance. */
    public static Provider bouncyCastle() {
        return BOUNCY_CASTLE;
    }
}
