package org.dtls4j.handshake.negative;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.fragment.HandshakeMessageBytes;
import org.dtls4j.handshake.fragment.Reassembler;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordProtection;
import org.dtls4j.record.RecordSink;

/**
 * The record side of a scripted peer (RFC 6347 §4.1): it writes records in any epoch the test
 * asks for, and reads what the engine sends back, decrypting epoch 1 once the engine's
 * ChangeCipherSpec arrives and its keys were {@linkplain #prepareReadKeys prepared}.
 *
 * <p>Handshake messages are reassembled in message_seq order (RFC 6347 §4.2.2); a fragment of a
 * message already delivered is reported as {@link Kind#RETRANSMISSION}, so a test can see the
 * engine resend a flight. Every event goes to the {@link Listener} while the datagram is being read,
 * so the peer can derive keys from a ClientKeyExchange before the ChangeCipherSpec behind it.
 */
public final class PeerWire {
    /** What one received record carried. */
    public enum Kind { HANDSHAKE, RETRANSMISSION, CHANGE_CIPHER_SPEC, ALERT, APPLICATION_DATA }

    /**
     * One event read from the engine's datagrams.
     *
     * @param message the whole message for {@link Kind#HANDSHAKE}, the fragment as a message for
     *                {@link Kind#RETRANSMISSION}, else null
     * @param data    the alert's two bytes or the application data, else empty
     */
    public record Received(Kind kind, int epoch, HandshakeMessageBytes message, byte[] data) {
        public boolean isFatalAlert() {
            return kind == Kind.ALERT && data[0] == 2;
        }

        public int alertLevel() {
            return data[0];
        }

        public int alertDescription() {
            return data[1] & 0xFF;
        }

        @Override
        public String toString() {
            return kind + "(epoch " + epoch + (message != null ? ", type " + message.msgType() + ", seq " + message.messageSeq() : "")
                    + (kind == Kind.ALERT ? ", level " + data[0] + ", description " + (data[1] & 0xFF) : "") + ")";
        }
    }

    /** Receives events as they are read, before the next record of the same datagram. */
    public interface Listener {
        void onEvent(Received event);
    }

    private final RecordLayer records = new RecordLayer();
    private final Reassembler reassembler = new Reassembler();
    private final List<byte[]> futureRecords = new ArrayList<>();
    private RecordProtection pendingRead;

    // ------------------------------------------------------------------------------- writing

    /** A record of {@code type} in {@code epoch} with the next sequence number of that epoch. */
    public byte[] record(ContentType type, int epoch, byte[] payload) {
        byte[] out = new byte[records.recordOverhead(epoch) + payload.length];
        int n = records.writeRecord(type, epoch, payload, 0, payload.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    /** One handshake record holding {@code message} as a single fragment. */
    public byte[] handshake(int epoch, HandshakeMessageBytes message) {
        return handshake(epoch, message.asSingleFragment());
    }

    /** One handshake record holding exactly {@code fragment}. */
    public byte[] handshake(int epoch, HandshakeFragment fragment) {
        ByteWriter w = new ByteWriter(fragment.encodedLength());
        fragment.encode(w);
        return record(ContentType.HANDSHAKE, epoch, w.toByteArray());
    }

    /** Records concatenated into one datagram (RFC 6347 §4.1.1). */
    public static byte[] datagram(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    /** Starts writing the next epoch with {@code protection}. */
    public void installWriteKeys(RecordProtection protection) {
        records.installWriteEpoch(records.writeEpoch() + 1, protection);
    }

    public int writeEpoch() {
        return records.writeEpoch();
    }

    // ------------------------------------------------------------------------------- reading

    /** The engine's next-epoch keys, installed when its ChangeCipherSpec is read. */
    public void prepareReadKeys(RecordProtection protection) {
        pendingRead = protection;
    }

    public int readEpoch() {
        return records.readEpoch();
    }

    /** Reads one datagram from the engine, handing each event to {@code listener} as it comes. */
    public void read(byte[] datagram, Listener listener) {
        Sink sink = new Sink(listener);
        records.receive(datagram, 0, datagram.length, sink);
        int installed = -1;
        while (!futureRecords.isEmpty() && records.readEpoch() != installed) {
            installed = records.readEpoch();
            List<byte[]> again = new ArrayList<>(futureRecords);
            futureRecords.clear();
            for (byte[] r : again) {
                records.receiveRecord(r, 0, r.length, sink);
            }
        }
    }

    private final class Sink implements RecordSink {
        private final Listener listener;

        Sink(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void onRecord(ContentType type, int epoch, long seq, byte[] buf, int off, int len) {
            byte[] payload = Arrays.copyOfRange(buf, off, off + len);
            switch (type) {
                case HANDSHAKE:
                    onHandshake(epoch, payload);
                    break;
                case CHANGE_CIPHER_SPEC:
                    listener.onEvent(new Received(Kind.CHANGE_CIPHER_SPEC, epoch, null, payload));
                    if (pendingRead != null && epoch == records.readEpoch()) {
                        records.installReadEpoch(records.readEpoch() + 1, pendingRead);
                        pendingRead = null;
                    }
                    break;
                case ALERT:
                    listener.onEvent(new Received(Kind.ALERT, epoch, null, payload));
                    break;
                default:
                    listener.onEvent(new Received(Kind.APPLICATION_DATA, epoch, null, payload));
            }
        }

        private void onHandshake(int epoch, byte[] payload) {
            ByteReader r = new ByteReader(payload);
            try {
                while (r.hasRemaining()) {
                    HandshakeFragment f = HandshakeFragment.decode(r);
                    if (f.messageSeq() < reassembler.nextExpectedSeq()) {
                        listener.onEvent(new Received(Kind.RETRANSMISSION, epoch,
                                new HandshakeMessageBytes(f.msgType(), f.messageSeq(), f.body()), new byte[0]));
                        continue;
                    }
                    reassembler.offer(f);
                }
            } catch (DecodeException e) {
                throw new AssertionError("the engine sent a malformed handshake record", e);
            }
            HandshakeMessageBytes m;
            while ((m = reassembler.poll()) != null) {
                listener.onEvent(new Received(Kind.HANDSHAKE, epoch, m, new byte[0]));
            }
        }

        @Override
        public boolean onFutureEpoch(int epoch, byte[] record, int off, int len) {
            futureRecords.add(Arrays.copyOfRange(record, off, off + len));
            return true;
        }
    }
}
