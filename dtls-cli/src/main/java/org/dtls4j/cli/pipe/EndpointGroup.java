package org.dtls4j.cli.pipe;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * One endpoint group of the hopping client, dtlspipe's {@code ENDPOINT-GROUP}: comma-separated
 * address terms ({@link AddressSet}: host names, IP addresses, ranges {@code a..b}, prefixes
 * {@code a/n}), a colon, and a port or port range ({@link PortRange}):
 *
 * <pre>
 *   example.org:20000-50000
 *   192.168.0.0/16,10.0.0.0/8,172.16.0.0..172.31.255.255:50000-60000
 * </pre>
 *
 * <p>The port part follows the <em>last</em> colon, so an IPv6 term is written without brackets
 * ({@code 2001:db8::1..2001:db8::ff:443}).
 *
 * <p>{@link #pick} draws an address term with probability proportional to its size (a host name
 * and a single address count 1, a range or prefix the number of addresses in it), then an address
 * within it, each equally likely, so every address the group holds is equally likely; and the port
 * independently, each port of the range equally likely.
 */
final class EndpointGroup {
    private final List<AddressSet> terms;
    /** {@code cumulative.get(i)}: the sizes of terms 0..i added up. */
    private final List<BigInteger> cumulative;
    private final PortRange ports;

    private EndpointGroup(List<AddressSet> terms, PortRange ports) {
        this.terms = List.copyOf(terms);
        this.ports = ports;
        List<BigInteger> sums = new ArrayList<>();
        BigInteger sum = BigInteger.ZERO;
        for (AddressSet t : terms) {
            sum = sum.add(t.size());
            sums.add(sum);
        }
        this.cumulative = List.copyOf(sums);
    }

    /**
     * Reads one group.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    static EndpointGroup parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("endpoint group '" + text + "' has no ':PORT'");
        }
        String addresses = text.substring(0, colon);
        try {
            PortRange ports = PortRange.parse(text.substring(colon + 1));
            List<AddressSet> terms = new ArrayList<>();
            for (String term : addresses.split(",", -1)) {
                terms.add(AddressSet.parse(term.trim()));
            }
            return new EndpointGroup(terms, ports);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint group '" + text + "': " + e.getMessage(), e);
        }
    }

    List<AddressSet> terms() {
        return terms;
    }

    PortRange ports() {
        return ports;
    }

    /** How many addresses the group holds, its terms' sizes added up. */
    BigInteger addressCount() {
        return cumulative.get(cumulative.size() - 1);
    }

    /**
     * One endpoint: an address drawn uniformly from all the group holds, a port drawn uniformly
     * from its range. A host name comes back unresolved ({@link InetSocketAddress#createUnresolved}).
     */
    InetSocketAddress pick(RandomGenerator random) {
        int port = ports.pick(random);
        return termAt(Uniform.below(addressCount(), random)).pick(random, port);
    }

    /** The term holding the {@code n}th address of the group, counting from 0 through the terms in order. */
    AddressSet termAt(BigInteger n) {
        for (int i = 0; i < terms.size(); i++) {
            if (n.compareTo(cumulative.get(i)) < 0) {
                return terms.get(i);
            }
        }
        throw new IllegalArgumentException(n + " is beyond the group's " + addressCount() + " addresses");
    }

    @Override
    public String toString() {
        return terms.stream().map(AddressSet::toString).collect(Collectors.joining(",")) + ":" + ports;
    }
}
