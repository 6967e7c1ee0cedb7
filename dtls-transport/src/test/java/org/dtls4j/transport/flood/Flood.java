package org.dtls4j.transport.flood;

/**
 * How big the floods are. The normal build sends {@value #NORMAL} of each kind; with
 * {@code -Ddtls4j.campaign=true} (or {@code -Ddtls4j.flood.count=N}) the long campaign sends
 * {@value #CAMPAIGN}.
 */
final class Flood {
    static final int NORMAL = 20_000;
    static final int CAMPAIGN = 100_000;

    private Flood() {
    }

    static int count() {
        String n = System.getProperty("dtls4j.flood.count");
        if (n != null) {
            return Integer.parseInt(n);
        }
        return Boolean.getBoolean("dtls4j.campaign") ? CAMPAIGN : NORMAL;
    }
}
