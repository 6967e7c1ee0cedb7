package org.dtls4j.handshake.message;

import java.util.Optional;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.AlertDescription;

/**
 * An alert message (RFC 5246 §7.2), sent in a record of content type alert(21). It is not a
 * handshake message.
 *
 * <pre>
 * enum { warning(1), fatal(2), (255) } AlertLevel;
 * struct {
 *     AlertLevel level;
 *     AlertDescription description;
 * } Alert;
 * </pre>
 *
 * Both fields are kept as raw codes so that an alert with a description we do not know still
 * decodes; {@link #knownDescription()} maps it to {@link AlertDescription} when possible.
 *
 * @param level 1 (warning) or 2 (fatal); other values decode and are reported as they are
 * @param description the AlertDescription code
 */
public record Alert(int level, int description) {
    /** AlertLevel warning. */
    public static final int WARNING = 1;
    /** AlertLevel fatal. */
    public static final int FATAL = 2;

    public Alert {
        Checks.require(level >= 0 && level <= 0xFF, "alert level out of range: ", level);
        Checks.require(description >= 0 && description <= 0xFF, "alert description out of range: ", description);
    }

    public static Alert fatal(AlertDescription description) {
        return new Alert(FATAL, description.code());
    }

    public static Alert warning(AlertDescription description) {
        return new Alert(WARNING, description.code());
    }

    /**
     * The alert that ends a connection cleanly. RFC 5246 §7.2.1 sends it at warning level; it
     * is not an error.
     */
    public static Alert closeNotify() {
        return warning(AlertDescription.CLOSE_NOTIFY);
    }

    public boolean isFatal() {
        return level == FATAL;
    }

    /** Whether this is close_notify, at whatever level it came (RFC 5246 §7.2.1). */
    public boolean isCloseNotify() {
        return description == AlertDescription.CLOSE_NOTIFY.code();
    }

    /** The description's RFC name, or {@code unknown(N)} for a code we do not know. */
    public String descriptionName() {
        return knownDescription().map(AlertDescription::rfcName).orElse("unknown(" + description + ")");
    }

    public Optional<AlertDescription> knownDescription() {
        return AlertDescription.fromCode(description);
    }

    public void encode(ByteWriter w) {
        w.u8(level).u8(description);
    }

    /** The two-byte record fragment. */
    public byte[] encode() {
        return new byte[] {(byte) level, (byte) description};
    }

    /** Decodes a whole alert record fragment: exactly two bytes. */
    public static Alert decode(byte[] fragment) throws DecodeException {
        return decode(fragment, 0, fragment.length);
    }

    /** Decodes the alert record fragment {@code buf[off..off+len)}: exactly two bytes. */
    public static Alert decode(byte[] buf, int off, int len) throws DecodeException {
        ByteReader r = new ByteReader(buf, off, len);
        int level = r.u8();
        int description = r.u8();
        r.expectEmpty("Alert");
        return new Alert(level, description);
    }

    @Override
    public String toString() {
        String levelName = level == FATAL ? "fatal" : level == WARNING ? "warning" : "level(" + level + ")";
        return "Alert[" + levelName + " " + descriptionName() + "]";
    }
}
