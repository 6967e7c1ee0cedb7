package org.dtls4j.cli.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The hopping client's rule, drawn many times from a seeded source: a group with equal
 * probability whatever its size, then an address in proportion to its term's size (so each
 * address equally likely), then a port of the range. Each count is held to its expectation by
 * Pearson's chi-square statistic below the 99.9 % quantile for its degrees of freedom; with a fixed
 * seed the counts, and so the verdict, are the same on every run. Each test also checks that the
 * same counts are far from what a wrong rule would give, so that the bound is not too loose to fail.
 */
class EndpointSelectionTest {
    private static final int DRAWS = 40_000;
    /** The chi-square distribution's 99.9 % quantile, by degrees of freedom 1..8. */
    private static final double[] CHI_SQUARE_999 = {10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32, 26.12};

    /** Draws {@link #DRAWS} endpoints and counts them by {@code key}. */
    private static Map<String, Integer> counts(EndpointGroups groups, long seed, Function<InetSocketAddress, String> key) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            counts.merge(key.apply(groups.pick(random)), 1, Integer::sum);
        }
        return counts;
    }

    /** Pearson's statistic of {@code counts} against {@code expected} probabilities. */
    private static double chiSquare(Map<String, Integer> counts, Map<String, Double> expected) {
        assertEquals(expected.keySet(), counts.keySet(), "every outcome and nothing else: " + counts);
        double sum = 0;
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            double want = e.getValue() * DRAWS;
            double diff = counts.get(e.getKey()) - want;
            sum += diff * diff / want;
        }
        return sum;
    }

    private static void assertFits(Map<String, Integer> counts, Map<String, Double> expected) {
        double x2 = chiSquare(counts, expected);
        double bound = CHI_SQUARE_999[expected.size() - 2];
        assertTrue(x2 < bound, "chi-square " + x2 + " >= " + bound + " for " + counts + " against " + expected);
    }

    private static void assertFarFrom(Map<String, Integer> counts, Map<String, Double> wrong) {
        double x2 = chiSquare(counts, wrong);
        assertTrue(x2 > 100 * CHI_SQUARE_999[wrong.size() - 2], "a wrong rule would pass too: chi-square " + x2);
    }

    private static String address(InetSocketAddress a) {
        return a.getHostString();
    }

    private static String port(InetSocketAddress a) {
        return Integer.toString(a.getPort());
    }

    @Test
    void eachGroupIsEquallyLikelyWhateverItsSize() {
        // one endpoint; 8 addresses times 2 ports; 256 addresses
        EndpointGroups groups = EndpointGroups.parse(List.of("127.0.0.1:1000", "127.0.1.0/30,127.0.2.0..127.0.2.3:2000-2001",
                "127.0.3.0/24:3000"));
        Map<String, Integer> byGroup = counts(groups, 1, a -> port(a).substring(0, 1));
        assertFits(byGroup, Map.of("1", 1 / 3.0, "2", 1 / 3.0, "3", 1 / 3.0));
        assertFarFrom(byGroup, Map.of("1", 1 / 265.0, "2", 8 / 265.0, "3", 256 / 265.0));
    }

    @Test
    void withinAGroupATermIsDrawnInProportionToItsSize() {
        EndpointGroups groups = EndpointGroups.parse(List.of("localhost,127.0.0.8/30,127.0.0.20..127.0.0.24:5000"));
        Map<String, Integer> byTerm = counts(groups, 2, a -> a.isUnresolved() ? "name"
                : a.getAddress().getAddress()[3] < 20 ? "prefix" : "range");
        assertFits(byTerm, Map.of("name", 1 / 10.0, "prefix", 4 / 10.0, "range", 5 / 10.0));
        assertFarFrom(byTerm, Map.of("name", 1 / 3.0, "prefix", 1 / 3.0, "range", 1 / 3.0));
    }

    @Test
    void soEveryAddressOfAGroupIsEquallyLikely() {
        EndpointGroups groups = EndpointGroups.parse(List.of("127.0.0.1,127.0.0.8/30,127.0.0.20..127.0.0.23:5000"));
        Map<String, Integer> byAddress = counts(groups, 3, EndpointSelectionTest::address);
        Map<String, Double> uniform = new LinkedHashMap<>();
        for (String a : List.of("127.0.0.1", "127.0.0.8", "127.0.0.9", "127.0.0.10", "127.0.0.11", "127.0.0.20",
                "127.0.0.21", "127.0.0.22", "127.0.0.23")) {
            uniform.put(a, 1 / 9.0);
        }
        assertFits(byAddress, uniform);
        Map<String, Double> byTermFirst = new LinkedHashMap<>();
        uniform.keySet().forEach(a -> byTermFirst.put(a, a.equals("127.0.0.1") ? 1 / 3.0 : 1 / 12.0));
        assertFarFrom(byAddress, byTermFirst);
    }

    @Test
    void everyPortOfTheRangeIsEquallyLikelyAndTheAddressDoesNotChangeThat() {
        EndpointGroups groups = EndpointGroups.parse(List.of("127.0.0.1,127.0.0.2:5000-5004"));
        Map<String, Integer> byPort = counts(groups, 4, EndpointSelectionTest::port);
        Map<String, Double> uniform = new LinkedHashMap<>();
        for (int p = 5000; p <= 5004; p++) {
            uniform.put(Integer.toString(p), 1 / 5.0);
        }
        assertFits(byPort, uniform);
        Map<String, Integer> pairs = counts(groups, 5, a -> address(a) + ":" + port(a));
        Map<String, Double> pairUniform = new LinkedHashMap<>();
        for (String a : List.of("127.0.0.1", "127.0.0.2")) {
            for (int p = 5000; p <= 5004; p++) {
                pairUniform.put(a + ":" + p, 1 / 10.0);
            }
        }
        double x2 = chiSquare(pairs, pairUniform);
        assertTrue(x2 < 27.88, "address and port independent, chi-square " + x2 + " (9 degrees of freedom)");
    }

    @Test
    void theSameSeedDrawsTheSameEndpoints() {
        EndpointGroups groups = EndpointGroups.parse(List.of("127.0.0.0/16:20000-50000", "127.0.1.1:2815"));
        SplittableRandom a = new SplittableRandom(99);
        SplittableRandom b = new SplittableRandom(99);
        for (int i = 0; i < 100; i++) {
            assertEquals(groups.pick(a), groups.pick(b));
        }
    }

    @Test
    void boundsBeyondALongAreDrawnUniformlyToo() {
        BigInteger bound = BigInteger.ONE.shiftLeft(100).add(BigInteger.valueOf(12345));
        BigInteger half = bound.shiftRight(1);
        SplittableRandom random = new SplittableRandom(6);
        int low = 0;
        for (int i = 0; i < 10_000; i++) {
            BigInteger n = Uniform.below(bound, random);
            assertTrue(n.signum() >= 0 && n.compareTo(bound) < 0, n.toString());
            low += n.compareTo(half) < 0 ? 1 : 0;
        }
        // Binomial(10000, 1/2): 4 standard deviations are 200.
        assertTrue(Math.abs(low - 5000) < 200, "draws below half the bound: " + low);
        // a whole IPv4-mapped /96: 2^32 addresses, every one a 127.x address only if the term says so
        EndpointGroups mapped = EndpointGroups.parse(List.of("::ffff:127.0.0.0/104:9"));
        for (int i = 0; i < 100; i++) {
            assertTrue(mapped.pick(random).getAddress().isLoopbackAddress());
        }
    }
}
