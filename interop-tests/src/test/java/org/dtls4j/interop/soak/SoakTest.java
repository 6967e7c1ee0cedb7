package org.dtls4j.interop.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A server under a population of sessions that come and go, some behind a lossy relay, with data
 * both ways ({@link SoakRun}). Without properties it is the bounded slice of the normal build
 * (300 sessions, 30 s); {@code mvn -pl interop-tests -am verify -Psoak} runs 10,000 sessions for
 * 10 minutes (see docs/SOAK.md). The report goes to standard output and
 * {@code target/soak-report.md}.
 */
class SoakTest {

    @Test
    void sessionsSurviveChurnAndLossWithIntactDataAndFlatHeap() throws Exception {
        SoakParams p = SoakParams.fromSystemProperties();
        SoakResult r = SoakRun.run(p);
        String report = r.markdown();
        System.out.println(report);
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("soak-report.md"), report, StandardCharsets.UTF_8);

        assertEquals(0, r.lost(), "associations lost not by rule:\n" + report);
        assertEquals(0, r.badData(), "datagrams delivered corrupted or twice:\n" + report);
        // the run did what it claims: churn happened, data flowed both ways on both paths
        assertTrue(r.count("client end: left (churn)") > 0, report);
        assertTrue(r.delivered("client->server", "direct") > 0.5, report);
        assertTrue(r.delivered("server->client", "direct") > 0.5, report);
        if (p.lossyShare() > 0) {
            assertTrue(r.count("relay client->server dropped") > 0, report);
            assertTrue(r.delivered("server->client", "lossy") > 0.5, report);
        }
        if (p.heapTolerance() >= 0) {
            assertTrue(r.heapGrowth() <= p.heapTolerance(), "heap grew by " + r.heapGrowth() + ":\n" + report);
        }
    }
}
