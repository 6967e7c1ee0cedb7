package org.dtls4j.cli.pipe;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;

/**
 * One address term of an endpoint group ({@link EndpointGroup}): a host name, one IP address, a
 * range {@code first..last} or a prefix {@code address/bits}. Its {@link #size()} is the number of
 * addresses it holds, 1 for a host name (which is resolved only when a session goes to it).
 *
 * <p>IP literals are parsed here, never looked up: IPv4 as four decimal octets, IPv6 in the
 * RFC 4291 §2.2 text forms. A range written backwards ({@code b..a}) is the same as {@code a..b},
 * as dtlspipe takes it.
 */
final class AddressSet {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    /** A label of RFC 5321 §4.1.2's Domain: letters, digits and inner hyphens. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");

    private final String hostName;
    private final BigInteger first;
    private final BigInteger size;
    private final int addressLength;

    private AddressSet(String hostName, BigInteger first, BigInteger size, int addressLength) {
        this.hostName = hostName;
        this.first = first;
        this.size = size;
        this.addressLength = addressLength;
    }

    /**
     * Reads one term: {@code example.org}, {@code 192.0.2.7}, {@code 192.0.2.10..192.0.2.19},
     * {@code 198.51.100.0/24}, {@code 2001:db8::/120}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code term}
     */
    static AddressSet parse(String term) {
        if (term.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        int slash = term.indexOf('/');
        if (slash >= 0) {
            return prefix(term, ip(term.substring(0, slash)), term.substring(slash + 1));
        }
        int dots = term.indexOf("..");
        if (dots >= 0) {
            byte[] a = ip(term.substring(0, dots));
            byte[] b = ip(term.substring(dots + 2));
            if (a.length != b.length) {
                throw new IllegalArgumentException("range " + term + " mixes IPv4 and IPv6");
            }
            BigInteger x = new BigInteger(1, a);
            BigInteger y = new BigInteger(1, b);
            return new AddressSet(null, x.min(y), x.subtract(y).abs().add(BigInteger.ONE), a.length);
        }
        if (term.contains(":") || DIGITS_AND_DOTS.matcher(term).matches()) {
            byte[] a = ip(term);
            return new AddressSet(null, new BigInteger(1, a), BigInteger.ONE, a.length);
        }
        return new AddressSet(hostName(term), null, BigInteger.ONE, 0);
    }

    /** How many addresses the term holds. */
    BigInteger size() {
        return size;
    }

    /** The host name, or {@code null} for IP addresses. */
    String hostName() {
        return hostName;
    }

    /** The address at {@code index}, {@code 0 <= index < size()}, of a term of IP addresses. */
    InetAddress at(BigInteger index) {
        byte[] raw = first.add(index).toByteArray();
        byte[] address = new byte[addressLength];
        int n = Math.min(raw.length, addressLength);
        System.arraycopy(raw, raw.length - n, address, addressLength - n, n);
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /**
     * {@code port} on one of the term's addresses, each equally likely; a host name comes back
     * unresolved ({@link InetSocketAddress#createUnresolved}), to be looked up by the session.
     */
    InetSocketAddress pick(RandomGenerator random, int port) {
        return hostName != null ? InetSocketAddress.createUnresolved(hostName, port)
                : new InetSocketAddress(at(Uniform.below(size, random)), port);
    }

    private static AddressSet prefix(String term, byte[] address, String bitsText) {
        int total = address.length * 8;
        int bits;
        try {
            bits = Integer.parseInt(bitsText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prefix " + term + ": expected a prefix length after '/'");
        }
        if (bits < 0 || bits > total || !bitsText.matches("\\d+")) {
            throw new IllegalArgumentException("prefix " + term + ": length must be 0.." + total);
        }
        BigInteger size = BigInteger.ONE.shiftLeft(total - bits);
        BigInteger base = new BigInteger(1, address).andNot(size.subtract(BigInteger.ONE));
        return new AddressSet(null, base, size, address.length);
    }

    /** An IP literal's bytes, 4 or 16. */
    private static byte[] ip(String text) {
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + text);
                }
                out[i] = (byte) octet;
            }
            return out;
        }
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        try {
            // In brackets, the JDK parses an IPv6 literal and never asks DNS.
            byte[] out = InetAddress.getByName("[" + text + "]").getAddress();
            // An IPv4-mapped literal (::ffff:a.b.c.d) comes back as IPv4: keep it in its family.
            return out.length == 16 ? out : ipv4Mapped(out);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
    }

    private static byte[] ipv4Mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** A Domain of RFC 5321 §4.1.2: dot-separated labels of letters, digits and inner hyphens. */
    private static String hostName(String text) {
        String[] labels = text.split("\\.", -1);
        if (text.length() > 253 || Arrays.stream(labels).anyMatch(l -> l.length() > 63 || !LABEL.matcher(l).matches())) {
            throw new IllegalArgumentException("not a host name or IP address: '" + text + "'");
        }
        return text;
    }

    @Override
    public String toString() {
        if (hostName != null) {
            return hostName;
        }
        String from = at(BigInteger.ZERO).getHostAddress();
        return size.equals(BigInteger.ONE) ? from : from + ".." + at(size.subtract(BigInteger.ONE)).getHostAddress();
    }
}
