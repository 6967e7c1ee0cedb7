package org.dtls4j.cli;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.transport.HandshakeRate;

/**
 * Turns option values (text) into typed values, with an error message that names the option and
 * says what was expected. Every method throws {@link UsageException} on bad input.
 */
final class Values {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    private Values() {
    }

    /**
     * {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code :PORT} (all local addresses). Port 0 asks
     * the system for an ephemeral port, useful for binding.
     */
    static InetSocketAddress hostPort(String option, String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException(option + ": expected HOST:PORT, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        int port = integer(option + " port", text.substring(colon + 1), 0, 65535);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            InetAddress address = host.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new UsageException(option + ": unknown host '" + host + "'");
        }
    }

    /** A whole number in {@code min..max}. */
    static int integer(String option, String text, int min, int max) throws UsageException {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": expected a number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException(option + ": must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /**
     * A duration written as a number and a unit, or several ({@code 500ms}, {@code 30s},
     * {@code 1m}, {@code 1h}, {@code 1m30s}, {@code 1.5s}); a bare number means seconds. Must be
     * positive.
     */
    static Duration duration(String option, String text) throws UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        BigDecimal nanos;
        if (PLAIN_NUMBER.matcher(t).matches()) {
            nanos = new BigDecimal(t).multiply(BigDecimal.valueOf(1_000_000_000L));
        } else {
            Matcher m = DURATION_PART.matcher(t);
            nanos = BigDecimal.ZERO;
            for (int at = 0; at < t.length(); at = m.end()) {
                m.region(at, t.length());
                if (!m.lookingAt()) {
                    throw new UsageException(option + ": expected a duration like 500ms, 30s, 1m, got '" + text + "'");
                }
                nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            }
        }
        if (nanos.signum() <= 0 || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new UsageException(option + ": duration out of range: '" + text + "'");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * A duration as {@link #duration} reads it back, in the fewest units: {@code 5m}, {@code 1m30s},
     * {@code 500ms}, {@code 1h}, {@code 1.5ms}. For messages that show an operator what was set.
     */
    static String durationText(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int nanos = d.toNanosPart();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0) {
            sb.append(seconds).append('s');
        }
        if (nanos > 0) {
            sb.append(BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString()).append("ms");
        }
        return sb.toString();
    }

    /**
     * A rate of new handshakes per address: {@code N/DURATION} ({@code 20/1m}, {@code 100/10s},
     * {@code 5/1m0s}), a bare {@code DURATION} with its unit for one per that long ({@code 3s}), or
     * {@code off} for none ({@code 0} and an empty value also mean off, as before). A bare number
     * is refused: {@code 20} could mean twenty a minute or one every 20 seconds.
     */
    static HandshakeRate handshakeRate(String option, String text) throws UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("off") || t.equals("0")) {
            return HandshakeRate.OFF;
        }
        int slash = t.indexOf('/');
        if (slash < 0 && PLAIN_NUMBER.matcher(t).matches()) {
            throw new UsageException(option + ": expected N/DURATION, DURATION or off, got '" + text + "'");
        }
        int count = slash < 0 ? 1 : integer(option, t.substring(0, slash), 1, 1_000_000);
        return new HandshakeRate(count, duration(option, t.substring(slash + 1)));
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            default: return 3_600_000_000_000L;
        }
    }

    /** Hex bytes (an optional {@code 0x} prefix, no separators), at least one byte. */
    static byte[] hex(String option, String text) throws UsageException {
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() % 2 != 0) {
            throw new UsageException(option + ": expected an even number of hex digits");
        }
        try {
            return HexFormat.of().parseHex(t);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": not hex");
        }
    }

    /** Splits a list on any of {@code separators}, dropping empty items. */
    static List<String> list(String text, String separators) {
        List<String> out = new ArrayList<>();
        for (String item : text.split("[" + Pattern.quote(separators) + "]")) {
            if (!item.isBlank()) {
                out.add(item.trim());
            }
        }
        return out;
    }

    /** Colon-separated IANA or OpenSSL cipher suite names, as {@code openssl -cipher} takes them. */
    static List<CipherSuite> cipherSuites(String option, String text) throws UsageException {
        List<CipherSuite> out = new ArrayList<>();
        for (String name : list(text, ":,")) {
            CipherSuite s = CipherSuite.fromName(name).orElseThrow(() -> new UsageException(
                    option + ": unknown cipher suite '" + name + "' (dtls4j ciphers lists them)"));
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException(option + ": empty list");
        }
        return out;
    }

    /** Colon- or comma-separated group names ({@code x25519}, {@code P-256}, {@code secp384r1}). */
    static List<NamedGroup> groups(String option, String text) throws UsageException {
        List<NamedGroup> out = new ArrayList<>();
        for (String name : list(text, ":,")) {
            NamedGroup g = NamedGroup.fromName(name).orElseThrow(() -> new UsageException(
                    option + ": unknown group '" + name + "' (dtls4j groups lists them)"));
            if (!out.contains(g)) {
                out.add(g);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException(option + ": empty list");
        }
        return out;
    }
}
