package org.dtls4j.cli.pipe;

import java.util.random.RandomGenerator;

/**
 * The port part of an endpoint group: one port ({@code 2815}) or a range ({@code 20000-50000}),
 * both ends included. A range written backwards is the same range, as dtlspipe takes it.
 *
 * @param first the lowest port, 1..65535
 * @param last  the highest port, {@code first..65535}
 */
record PortRange(int first, int last) {

    PortRange {
        if (first < 1 || last > 65535 || last < first) {
            throw new IllegalArgumentException("ports must be 1..65535, got " + first + "-" + last);
        }
    }

    /**
     * Reads {@code N} or {@code N-M}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    static PortRange parse(String text) {
        int dash = text.indexOf('-');
        int a = port(dash < 0 ? text : text.substring(0, dash));
        int b = dash < 0 ? a : port(text.substring(dash + 1));
        return new PortRange(Math.min(a, b), Math.max(a, b));
    }

    /** How many ports the range holds. */
    int size() {
        return last - first + 1;
    }

    /** One of the ports, each equally likely. */
    int pick(RandomGenerator random) {
        return first + random.nextInt(size());
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("expected a port or a range of ports like 20000-50000, got '" + text + "'");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1..65535");
        }
        return port;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
