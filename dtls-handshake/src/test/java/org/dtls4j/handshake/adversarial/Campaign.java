package org.dtls4j.handshake.adversarial;

/**
 * How big the adversarial runs are. The normal build runs a bounded slice; the {@code campaign}
 * Maven profile ({@code mvn -Pcampaign ...}) sets {@code dtls4j.campaign=true} for the full runs.
 * Each figure a test measures is logged at INFO through {@link System.Logger}, to be quoted in
 * docs/SECURITY.md.
 */
final class Campaign {
    private static final System.Logger LOG = System.getLogger("org.dtls4j.adversarial");

    /** True under {@code -Pcampaign} (or {@code -Ddtls4j.campaign=true}). */
    static final boolean FULL = Boolean.getBoolean("dtls4j.campaign");

    private Campaign() {
    }

    /** {@code normal} in the normal build, {@code full} in the campaign; a system property overrides both. */
    static int size(String property, int normal, int full) {
        return Integer.getInteger(property, FULL ? full : normal);
    }

    /** Logs one measured figure for the report. */
    static void report(String family, String line) {
        LOG.log(System.Logger.Level.INFO, "[" + family + "] " + line);
    }
}
