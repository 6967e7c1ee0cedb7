package org.dtls4j.cli.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** dtlspipe's endpoint-group syntax, every form and the mistakes, read by {@link EndpointGroup#parse}. */
class EndpointGroupTest {

    private static EndpointGroup group(String text) {
        return EndpointGroup.parse(text);
    }

    private static AddressSet only(String text) {
        List<AddressSet> terms = group(text).terms();
        assertEquals(1, terms.size(), text);
        return terms.get(0);
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> group(text)).getMessage();
    }

    @Test
    void aHostNameCountsOneAndIsResolvedOnlyWhenUsed() {
        AddressSet host = only("localhost:5000");
        assertEquals("localhost", host.hostName());
        assertEquals(BigInteger.ONE, host.size());
        InetSocketAddress picked = group("localhost:5000").pick(new SplittableRandom(1));
        assertTrue(picked.isUnresolved(), "no lookup while drawing: " + picked);
        assertEquals("localhost", picked.getHostString());
        assertEquals(5000, picked.getPort());
        assertEquals("tunnel-1.example-host.test", only("tunnel-1.example-host.test:1").hostName());
    }

    @Test
    void aSingleAddressCountsOne() {
        AddressSet one = only("127.0.0.7:5000");
        assertNull(one.hostName());
        assertEquals(BigInteger.ONE, one.size());
        assertEquals("127.0.0.7", one.at(BigInteger.ZERO).getHostAddress());
        assertEquals(new InetSocketAddress("127.0.0.7", 5000), group("127.0.0.7:5000").pick(new SplittableRandom(1)));
    }

    @Test
    void aRangeCountsItsAddressesBothEndsIncludedAndMayBeWrittenBackwards() {
        AddressSet range = only("127.0.0.10..127.0.0.19:5000");
        assertEquals(BigInteger.TEN, range.size());
        assertEquals("127.0.0.10", range.at(BigInteger.ZERO).getHostAddress());
        assertEquals("127.0.0.19", range.at(BigInteger.valueOf(9)).getHostAddress());
        assertEquals("127.0.0.10..127.0.0.19", only("127.0.0.19..127.0.0.10:5000").toString());
        assertEquals("127.0.1.0", only("127.0.0.255..127.0.1.0:1").at(BigInteger.ONE).getHostAddress(), "across an octet");
    }

    @Test
    void aPrefixCountsTwoToTheFreeBitsFromItsMaskedBase() {
        AddressSet p = only("127.0.0.77/24:5000");
        assertEquals(BigInteger.valueOf(256), p.size());
        assertEquals("127.0.0.0..127.0.0.255", p.toString());
        assertEquals(BigInteger.valueOf(1 << 24), only("127.0.0.0/8:1").size());
        assertEquals("127.0.0.1", only("127.0.0.1/32:1").toString());
    }

    @Test
    void ipv6TermsAreWrittenWithoutBracketsTheLastColonStartsThePort() {
        AddressSet loopback = only("::1:5000");
        assertEquals(BigInteger.ONE, loopback.size());
        assertEquals(5000, group("::1:5000").ports().first());
        assertEquals("0:0:0:0:0:0:0:1", loopback.toString());
        // 127.0.0.0/24 written as IPv4-mapped IPv6 (RFC 4291 §2.5.5.2): a /120
        AddressSet mapped = only("::ffff:127.0.0.0/120:5000");
        assertEquals(BigInteger.valueOf(256), mapped.size());
        assertEquals("127.0.0.255", mapped.at(BigInteger.valueOf(255)).getHostAddress());
        assertEquals(BigInteger.valueOf(3), only("::1..::3:7").size());
    }

    @Test
    void portsAreOneOrARangeBothEndsIncludedAndMayBeWrittenBackwards() {
        assertEquals(new PortRange(2815, 2815), group("127.0.0.1:2815").ports());
        assertEquals(new PortRange(20000, 50000), group("127.0.0.1:20000-50000").ports());
        assertEquals(30001, group("127.0.0.1:20000-50000").ports().size());
        assertEquals(new PortRange(20000, 50000), group("127.0.0.1:50000-20000").ports());
        assertEquals(new PortRange(1, 65535), group("127.0.0.1:1-65535").ports());
    }

    @Test
    void termsAreCommaSeparatedAndTheGroupReadsBack() {
        EndpointGroup g = group("localhost,127.0.0.1,127.0.1.0/30,127.0.2.1..127.0.2.5:50000-60000");
        assertEquals(4, g.terms().size());
        assertEquals(BigInteger.valueOf(1 + 1 + 4 + 5), g.addressCount());
        assertEquals("localhost,127.0.0.1,127.0.1.0..127.0.1.3,127.0.2.1..127.0.2.5:50000-60000", g.toString());
        assertEquals(g.toString(), group(g.toString()).toString());
    }

    @Test
    void termAtCountsThroughTheTermsInOrder() {
        EndpointGroup g = group("127.0.0.1,127.0.1.0/30,127.0.2.1..127.0.2.5:5");
        String[] expected = {"127.0.0.1", "127.0.1.0..127.0.1.3", "127.0.1.0..127.0.1.3", "127.0.1.0..127.0.1.3",
                "127.0.1.0..127.0.1.3", "127.0.2.1..127.0.2.5", "127.0.2.1..127.0.2.5", "127.0.2.1..127.0.2.5",
                "127.0.2.1..127.0.2.5", "127.0.2.1..127.0.2.5"};
        for (int n = 0; n < expected.length; n++) {
            assertEquals(expected[n], g.termAt(BigInteger.valueOf(n)).toString(), "address " + n);
        }
        assertThrows(IllegalArgumentException.class, () -> g.termAt(BigInteger.TEN));
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("endpoint group '127.0.0.1' has no ':PORT'", error("127.0.0.1"));
        assertEquals("endpoint group 'localhost:': expected a port or a range of ports like 20000-50000, got ''",
                error("localhost:"));
        assertEquals("endpoint group '127.0.0.1:0': port 0 is not 1..65535", error("127.0.0.1:0"));
        assertEquals("endpoint group '127.0.0.1:70000': port 70000 is not 1..65535", error("127.0.0.1:70000"));
        assertEquals("endpoint group '127.0.0.1:http': expected a port or a range of ports like 20000-50000, got 'http'",
                error("127.0.0.1:http"));
        assertEquals("endpoint group '127.0.0.1:1-2-3': expected a port or a range of ports like 20000-50000, got '2-3'",
                error("127.0.0.1:1-2-3"));
        assertEquals("endpoint group ',127.0.0.1:5': empty address", error(",127.0.0.1:5"));
        assertEquals("endpoint group '127.0.0.1,:5': empty address", error("127.0.0.1,:5"));
        assertEquals("endpoint group ':5': empty address", error(":5"));
        assertEquals("endpoint group '127.0.0.256:5': not an IPv4 address: 127.0.0.256", error("127.0.0.256:5"));
        assertEquals("endpoint group '127.0.0:5': not an IP address: '127.0.0'", error("127.0.0:5"));
        assertEquals("endpoint group '127.0.0.1..::1:5': range 127.0.0.1..::1 mixes IPv4 and IPv6",
                error("127.0.0.1..::1:5"));
        assertEquals("endpoint group '127.0.0.1..localhost:5': not an IP address: 'localhost'",
                error("127.0.0.1..localhost:5"));
        assertEquals("endpoint group '127.0.0.0/33:5': prefix 127.0.0.0/33: length must be 0..32", error("127.0.0.0/33:5"));
        assertEquals("endpoint group '127.0.0.0/:5': prefix 127.0.0.0/: expected a prefix length after '/'",
                error("127.0.0.0/:5"));
        assertEquals("endpoint group '127.0.0.0/+8:5': prefix 127.0.0.0/+8: length must be 0..32", error("127.0.0.0/+8:5"));
        assertEquals("endpoint group 'localhost/8:5': not an IP address: 'localhost'", error("localhost/8:5"));
        assertEquals("endpoint group 'local_host:5': not a host name or IP address: 'local_host'", error("local_host:5"));
        assertEquals("endpoint group '-bad.test:5': not a host name or IP address: '-bad.test'", error("-bad.test:5"));
        assertEquals("endpoint group 'a..test:5': not an IP address: 'a'", error("a..test:5"));
        assertEquals("endpoint group '::g:5': not an IP address: '::g'", error("::g:5"));
        assertEquals("endpoint group '1::2::3:5': not an IPv6 address: 1::2::3", error("1::2::3:5"));
        assertEquals("at least one endpoint group is needed",
                assertThrows(IllegalArgumentException.class, () -> EndpointGroups.parse(List.of())).getMessage());
    }
}
