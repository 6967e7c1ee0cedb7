package org.dtls4j.interop.soak;

import java.util.Locale;
import java.util.Map;
import org.dtls4j.transport.ServerCounters;

/**
 * What a soak run measured: the heap after a full GC at the two marks, every tally, the server's
 * counters; {@link #markdown()} writes them as the tables of docs/SOAK.md.
 */
record SoakResult(SoakParams params, double rampSeconds, long heapFirst, long heapEnd, Map<String, Long> tally,
                  ServerCounters server) {

    /** Associations that ended other than by a rule; must be 0. */
    long lost() {
        return sum(SoakTally.LOST);
    }

    /** Datagrams delivered corrupted, to the wrong session or twice; must be 0. */
    long badData() {
        return sum(SoakTally.BAD_DATA);
    }

    /** (end - first) / first. */
    double heapGrowth() {
        return (double) (heapEnd - heapFirst) / heapFirst;
    }

    long count(String name) {
        return tally.getOrDefault(name, 0L);
    }

    long sum(String prefix) {
        return tally.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    /** Share of sent datagrams that arrived, one direction and path ("client->server", "lossy"). */
    double delivered(String direction, String path) {
        long sent = count(direction + " sent " + path);
        long received = count(direction + " received " + path) + count(direction + " received " + path + " (reordered)");
        return sent == 0 ? Double.NaN : (double) received / sent;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("Run: ").append(params).append(String.format(Locale.ROOT, "; ramp %.1f s.%n%n", rampSeconds));
        b.append("| check | result | requirement |\n|---|---:|---|\n");
        b.append(String.format(Locale.ROOT, "| heap after full GC, at %s and at the end | %s → %s (%+.1f %%) | flat within 5 %% |%n",
                params.firstHeapMark().toSeconds() + " s", SoakRun.mib(heapFirst), SoakRun.mib(heapEnd), heapGrowth() * 100));
        b.append(String.format(Locale.ROOT, "| associations lost not by rule | %d | 0 |%n", lost()));
        b.append(String.format(Locale.ROOT, "| datagrams delivered corrupted or twice | %d | 0 |%n", badData()));
        for (String dir : new String[] {"client->server", "server->client"}) {
            for (String path : new String[] {"direct", "lossy"}) {
                b.append(String.format(Locale.ROOT, "| %s datagrams delivered, %s path | %.2f %% of %d | (UDP: loss allowed) |%n",
                        dir, path, delivered(dir, path) * 100, count(dir + " sent " + path)));
            }
        }
        b.append("\n| counter | count |\n|---|---:|\n");
        tally.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\nServer counters: ").append(server).append('\n');
        return b.toString();
    }
}
