package org.dtls4j.jmh.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.dtls4j.handshake.DtlsConfig;

/**
 * The handshake storm of the isolation run, in a JVM of its own so that its garbage collections
 * never pause the thread that times the established peers. It prints {@code ready}, then runs a
 * {@link HandshakeLoad} for each {@code storm <count>} line on standard input and answers
 * {@code stormed completed=.. failed=.. seconds=.. retransmissions=.. failures=..}. It exits on
 * {@code quit} or at the end of its input.
 *
 * <pre>
 *   java -cp benchmarks.jar org.dtls4j.jmh.load.StormClient port=PORT fingerprint=HEX [inFlight=64]
 * </pre>
 */
public final class StormClient {
    private StormClient() {
    }

    /** {@code reason:count,reason:count}, or {@code none}: one field of the answer line. */
    static String reasons(Map<String, Long> failures) {
        StringBuilder b = new StringBuilder();
        failures.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k.replaceAll("\\W", "_")).append(':').append(v));
        return b.length() == 0 ? "none" : b.toString();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(a.get("port")));
        DtlsConfig config = LoadClients.config(HexFormat.of().parseHex(a.get("fingerprint")));
        int inFlight = Integer.parseInt(a.getOrDefault("inFlight", "64"));
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            if (line.startsWith("storm ")) {
                long count = Long.parseLong(line.substring(6).trim());
                HandshakeLoad load = new HandshakeLoad(server, config, (int) Math.min(inFlight, count), count);
                long start = System.nanoTime();
                load.run();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.println(String.format(Locale.ROOT, "stormed completed=%d failed=%d seconds=%.3f retransmissions=%d",
                        load.completed(), load.failed(), seconds, load.retransmissions())
                        + " failures=" + reasons(load.failures()));
                System.out.flush();
            }
        }
    }
}
