package org.dtls4j.transport.restart;

/**
 * A saved-connections file that a server will not restore from ({@link SavedConnections#read}):
 * {@link #why()} says which check it failed, the message names the file and the fix. Nothing was
 * restored; the server goes on without those connections, whose peers make new handshakes.
 */
public final class RestoreRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which check refused the file. */
    public enum Why {
        /** Not a saved-connections file (no "D4JC" header, or too short to be one). */
        NOT_SAVED_CONNECTIONS,
        /** A format version this dtls4j does not read. */
        UNSUPPORTED_VERSION,
        /** Sealed under another key than the one given. */
        WRONG_KEY,
        /** Changed after it was saved: its authentication tag does not verify. */
        TAMPERED,
        /** Saved longer ago than the maximum age, or dated in the future. */
        STALE,
        /** Authentic, but not in the format its version describes; or a connection in it is unusable. */
        MALFORMED
    }

    private final Why why;

    public RestoreRefusedException(Why why, String message) {
        super(message);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
