package org.dtls4j.cli;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsListener;
import org.dtls4j.record.Discard;

/**
 * The {@code records} and {@code bytes} levels of {@code --trace}: each datagram that crosses the
 * socket, and its records as {@link DatagramView} reads them from the bytes, with no key:
 *
 * <pre>
 *   [127.0.0.1:4433] datagram in, 1,242 bytes, 5 records
 *   [127.0.0.1:4433]   handshake, epoch 0, seq 1, 93 bytes, plaintext: SERVER_HELLO[message_seq 1, bytes 0..81 of 81]
 *   [127.0.0.1:4433]   application_data, epoch 1, seq 3, 45 bytes, protected
 *   [127.0.0.1:4433]     17 fe fd 00 01 00 00 00 00 00 03 00 2d 00 01 ...     (bytes level)
 * </pre>
 *
 * The peer opens every line, as it does on the engine's trace lines, so that the lines of
 * concurrent handshakes can be told apart. Lines of one datagram are printed together.
 */
final class WireTrace {
    private static final int HEX_PER_LINE = 32;

    private final PrintStream out;
    private final boolean bytes;
    private final int cidLength;

    /**
     * @param cidLength the length of the Connection IDs in tls12_cid records (RFC 9146 §4) this side
     *                  receives, 0 when none
     */
    WireTrace(PrintStream out, TraceLevel level, int cidLength) {
        this.out = out;
        this.bytes = level == TraceLevel.BYTES;
        this.cidLength = cidLength;
    }

    /**
     * {@code config} with a listener that prints every datagram its engines receive and send, at
     * {@code level}; {@code config} itself below {@link TraceLevel#RECORDS} or for no trace.
     */
    static DtlsConfig wire(DtlsConfig config, TraceLevel level, PrintStream out) {
        if (level == null || level == TraceLevel.MESSAGES) {
            return config;
        }
        WireTrace trace = new WireTrace(out, level, config.connectionIds() == null ? 0 : config.connectionIds().length());
        return config.toBuilder().listener(new DtlsListener() {
            @Override
            public void datagramReceived(SocketAddress peer, ByteBuffer datagram) {
                trace.datagram(false, peer, datagram);
            }

            @Override
            public void datagramSent(SocketAddress peer, ByteBuffer datagram) {
                trace.datagram(true, peer, datagram);
            }

            @Override
            public void recordDiscarded(SocketAddress peer, Discard reason) {
                trace.discarded(peer, reason);
            }
        }).build();
    }

    /** One datagram, {@code datagram}'s remaining bytes, which are left as they were. */
    void datagram(boolean outgoing, SocketAddress peer, ByteBuffer datagram) {
        byte[] d = new byte[datagram.remaining()];
        datagram.duplicate().get(d);
        List<DatagramView.Rec> records = DatagramView.records(d, outgoing ? 0 : cidLength);
        String who = "[" + name(peer) + "]";
        StringBuilder sb = new StringBuilder();
        sb.append(who).append(" datagram ").append(outgoing ? "out" : "in").append(", ")
                .append(String.format("%,d", d.length)).append(" bytes, ").append(records.size())
                .append(records.size() == 1 ? " record" : " records").append('\n');
        int p = 0;
        for (DatagramView.Rec r : records) {
            sb.append(who).append("   ").append(describe(r)).append('\n');
            int header = r.type() == DatagramView.TLS12_CID ? 13 + cidLength : 13;
            int end = Math.min(d.length, p + header + r.length());
            if (bytes) {
                hex(sb, who, d, p, end);
            }
            p = end;
        }
        synchronized (out) {
            out.print(sb);
        }
    }

    /** A record of the last datagram received that the record layer dropped, and why (RFC 6347 §4.1.2.7). */
    void discarded(SocketAddress peer, Discard reason) {
        synchronized (out) {
            out.println("[" + name(peer) + "]   record discarded: " + reason.name().toLowerCase(java.util.Locale.ROOT)
                    + " (dropped silently, RFC 6347 §4.1.2.7)");
        }
    }

    /** {@code handshake, epoch 0, seq 1, 93 bytes, plaintext: SERVER_HELLO[...]}. */
    static String describe(DatagramView.Rec r) {
        String type = switch (r.type()) {
            case DatagramView.CHANGE_CIPHER_SPEC -> "change_cipher_spec";
            case DatagramView.ALERT -> "alert";
            case DatagramView.HANDSHAKE -> "handshake";
            case DatagramView.APPLICATION_DATA -> "application_data";
            case DatagramView.TLS12_CID -> "tls12_cid";
            default -> "content type " + r.type();
        };
        StringBuilder sb = new StringBuilder(type).append(", epoch ").append(r.epoch()).append(", seq ").append(r.seq())
                .append(", ").append(r.length()).append(" bytes, ").append(r.epoch() == 0 ? "plaintext" : "protected");
        if (!r.messages().isEmpty()) {
            sb.append(": ").append(String.join(" + ", r.messages()));
        }
        if (r.cookieLength() >= 0) {
            sb.append(" (cookie of ").append(r.cookieLength()).append(" bytes)");
        }
        return sb.toString();
    }

    /**
     * The hex of each record of datagram {@code d}, one block per record, each line starting with
     * {@code indent}: the demo's {@code --trace=bytes}.
     */
    static String recordHex(String indent, byte[] d, int cidLength) {
        StringBuilder sb = new StringBuilder();
        int p = 0;
        for (DatagramView.Rec r : DatagramView.records(d, cidLength)) {
            int header = r.type() == DatagramView.TLS12_CID ? 13 + cidLength : 13;
            int end = Math.min(d.length, p + header + r.length());
            hex(sb, indent, d, p, end);
            p = end;
        }
        return sb.toString();
    }

    private static void hex(StringBuilder sb, String who, byte[] d, int from, int to) {
        HexFormat hex = HexFormat.ofDelimiter(" ");
        for (int i = from; i < to; i += HEX_PER_LINE) {
            sb.append(who).append("     ").append(hex.formatHex(d, i, Math.min(to, i + HEX_PER_LINE))).append('\n');
        }
    }

    private static String name(SocketAddress peer) {
        if (peer instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return String.valueOf(peer);
    }
}
