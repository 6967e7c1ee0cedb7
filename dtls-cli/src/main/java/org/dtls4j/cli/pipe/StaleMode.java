package org.dtls4j.cli.pipe;

import java.util.Locale;

/**
 * Which silence ends a tunnelled flow, dtlspipe's {@code -stale-mode}. A flow joins two sides:
 * <em>left</em> is the side the flow came in on (the local application's UDP at the client end,
 * the DTLS session at the server end), <em>right</em> the side it goes out to (the DTLS session
 * at the client end, the plain UDP service at the server end). A side is <em>silent</em> when
 * nothing has been received from it for the idle time ({@link PipeOptions#idleTime()}), counted
 * from the later of the end of the handshake and the last datagram from that side.
 */
public enum StaleMode {
    /** The flow ends when both sides are silent: no datagram in either direction for the idle time. */
    BOTH,
    /** The flow ends as soon as either side is silent, even while the other keeps sending (dtlspipe's default). */
    EITHER,
    /** The flow ends when the left side is silent, whatever the right side does. */
    LEFT,
    /** The flow ends when the right side is silent, whatever the left side does. */
    RIGHT;

    /** dtlspipe's default. */
    public static final StaleMode DEFAULT = EITHER;

    /**
     * Whether a flow whose sides are silent as given has gone stale.
     *
     * @param leftSilent  nothing from the left side for the idle time
     * @param rightSilent nothing from the right side for the idle time
     */
    public boolean isStale(boolean leftSilent, boolean rightSilent) {
        switch (this) {
            case BOTH: return leftSilent && rightSilent;
            case EITHER: return leftSilent || rightSilent;
            case LEFT: return leftSilent;
            default: return rightSilent;
        }
    }

    /** Whether silence of the left side alone can end a flow: then the left side needs no other watchdog. */
    boolean leftSilenceEnds() {
        return this == EITHER || this == LEFT;
    }

    /** The name as written on the command line: {@code both}, {@code either}, {@code left}, {@code right}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} (any case), or {@code null} for none. */
    public static StaleMode fromText(String text) {
        for (StaleMode m : values()) {
            if (m.text().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        return null;
    }
}
