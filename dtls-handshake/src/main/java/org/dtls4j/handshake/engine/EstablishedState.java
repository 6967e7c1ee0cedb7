package org.dtls4j.handshake.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.handshake.ConnectionIds;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.SrtpProfile;

/**
 * An established connection, taken out of one {@link DtlsEngine} by
 * {@link DtlsEngine#exportEstablished()} and put into another by {@link DtlsEngine#restore}: what
 * a server process hands to the process that replaces it, so that its peers go on without a
 * handshake.
 *
 * <p>It is everything the record layer and the application need once the handshake is over: the
 * session (master secret, suite, extended master secret, the peer's proven identity), both randoms
 * (from which the key block, RFC 5246 §6.3, and the exporter, RFC 5705, are derived again), the
 * epochs, the next write sequence number, the replay window (RFC 6347 §4.1.2.6), the Connection
 * IDs (RFC 9146) and the peer's address. {@link #toBytes()} writes it as:
 *
 * <pre>
 * struct {
 *     uint8  version = 1;
 *     uint8  role;                            // 0: client, 1: server
 *     opaque peer_address&lt;0..16&gt;;          // 4 or 16 bytes; empty: not known
 *     uint16 peer_port;
 *     opaque session&lt;1..2^24-1&gt;;           // DtlsSession.toUnsealedBytes()
 *     opaque client_random[32];
 *     opaque server_random[32];
 *     uint16 named_group;                     // 0: none (PSK, or a resumed session)
 *     uint8  flags;                           // bit 0: resumed, 1: encrypt_then_mac, 2: connection_id
 *     opaque our_cid&lt;0..255&gt;;              // with flag 2: the CIDs the hellos agreed on
 *     opaque peer_cid&lt;0..255&gt;;
 *     opaque application_protocol&lt;0..255&gt;; // empty: none
 *     opaque server_name&lt;0..2^16-1&gt;;      // empty: none
 *     uint16 srtp_profile;                    // 0: none
 *     uint16 read_epoch;
 *     uint16 write_epoch;
 *     uint48 next_write_sequence;             // as the old engine left it (the restore skips ahead)
 *     uint8  has_received;                    // whether any record of read_epoch authenticated
 *     uint48 highest_received;                // the replay window's right edge
 *     opaque not_acceptable&lt;0..128&gt;;       // bit i (byte i / 8, bit i % 8, low bit first):
 *                                             // highest_received - i may not be accepted again
 * } EstablishedState;
 * </pre>
 *
 * <p><b>These bytes are secret and unauthenticated</b>: they hold the master secret. Seal them
 * (encrypt and authenticate) before they leave the process; the transport's saved-connections
 * file does. Not thread-safe.
 */
public final class EstablishedState {
    /**
     * How far {@link DtlsEngine#restore} moves the write sequence number past the saved one:
     * 2^16 records. The nonce of an AEAD record is its epoch and sequence number (RFC 5288 §3,
     * RFC 6347 §4.1.2.1), so a number used twice under the same key would repeat a nonce. The state is
     * taken under the rule that the old engine sends nothing after it ({@link DtlsEngine#exportEstablished()}
     * closes it), so the saved number is already unused; the margin covers a caller that breaks the
     * rule by up to 2^16 records, at the cost of 2^16 of the epoch's 2^48 numbers. A state must
     * still be restored only once: two restores of one state skip to the same number.
     */
    public static final long RESTORE_SEQUENCE_MARGIN = 1L << 16;

    static final int VERSION = 1;
    private static final int RESUMED = 1;
    private static final int ENCRYPT_THEN_MAC = 2;
    private static final int CONNECTION_IDS = 4;

    final boolean client;
    final InetSocketAddress peer;
    final DtlsSession session;
    final byte[] clientRandom;
    final byte[] serverRandom;
    final Optional<NamedGroup> group;
    final boolean resumed;
    final boolean encryptThenMac;
    final Optional<ConnectionIds> connectionIds;
    final Optional<String> applicationProtocol;
    final Optional<String> serverName;
    final Optional<SrtpProfile> srtpProfile;
    final int readEpoch;
    final int writeEpoch;
    final long nextWriteSequence;
    /** The replay window's right edge, or -1 before any record of the read epoch authenticated. */
    final long highestReceived;
    /** Bit i: {@code highestReceived - i} may not be accepted again. */
    final byte[] notAcceptable;

    EstablishedState(boolean client, InetSocketAddress peer, DtlsSession session, byte[] clientRandom,
                     byte[] serverRandom, Optional<NamedGroup> group, boolean resumed, boolean encryptThenMac,
                     Optional<ConnectionIds> connectionIds, Optional<String> applicationProtocol,
                     Optional<String> serverName, Optional<SrtpProfile> srtpProfile, int readEpoch, int writeEpoch,
                     long nextWriteSequence, long highestReceived, byte[] notAcceptable) {
        this.client = client;
        this.peer = peer;
        this.session = session;
        this.clientRandom = clientRandom;
        this.serverRandom = serverRandom;
        this.group = group;
        this.resumed = resumed;
        this.encryptThenMac = encryptThenMac;
        this.connectionIds = connectionIds;
        this.applicationProtocol = applicationProtocol;
        this.serverName = serverName;
        this.srtpProfile = srtpProfile;
        this.readEpoch = readEpoch;
        this.writeEpoch = writeEpoch;
        this.nextWriteSequence = nextWriteSequence;
        this.highestReceived = highestReceived;
        this.notAcceptable = notAcceptable;
    }

    /** Whether the connection is a client's. */
    public boolean isClient() {
        return client;
    }

    /** Where the peer was when the state was taken, or {@code null} when the engine did not know. */
    public InetSocketAddress peerAddress() {
        return peer;
    }

    /** The client_random of the connection's handshake (a copy): a server tells a new association by it (RFC 6347 §4.2.8). */
    public byte[] clientRandom() {
        return clientRandom.clone();
    }

    /** The format above; secret. */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(512);
        w.u8(VERSION).u8(client ? 0 : 1);
        w.opaque8(peer == null ? new byte[0] : peer.getAddress().getAddress()).u16(peer == null ? 0 : peer.getPort());
        byte[] s;
        try {
            s = session.toUnsealedBytes();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the session: " + e.getMessage(), e);
        }
        w.opaque24(s);
        Arrays.fill(s, (byte) 0);
        w.bytes(clientRandom).bytes(serverRandom).u16(group.map(NamedGroup::code).orElse(0));
        w.u8((resumed ? RESUMED : 0) | (encryptThenMac ? ENCRYPT_THEN_MAC : 0)
                | (connectionIds.isPresent() ? CONNECTION_IDS : 0));
        w.opaque8(connectionIds.map(ConnectionIds::ours).orElse(new byte[0]));
        w.opaque8(connectionIds.map(ConnectionIds::peers).orElse(new byte[0]));
        w.opaque8(utf8(applicationProtocol)).opaque16(utf8(serverName));
        w.u16(srtpProfile.map(SrtpProfile::code).orElse(0));
        w.u16(readEpoch).u16(writeEpoch).u48(nextWriteSequence);
        w.u8(highestReceived >= 0 ? 1 : 0).u48(Math.max(0, highestReceived)).opaque8(notAcceptable);
        return w.toByteArray();
    }

    /**
     * Reads {@link #toBytes()}.
     *
     * @throws IllegalArgumentException when the bytes are not such a state, name a version other
     *         than this one reads, or something in them is unknown here (a suite, a group)
     */
    public static EstablishedState fromBytes(byte[] bytes) {
        try {
            ByteReader r = new ByteReader(bytes);
            int version = r.u8();
            if (version != VERSION) {
                throw new IllegalArgumentException("established connection state version " + version
                        + "; this version reads " + VERSION);
            }
            boolean client = r.u8() == 0;
            byte[] address = r.opaque8();
            int port = r.u16();
            InetSocketAddress peer = address.length == 0 ? null
                    : new InetSocketAddress(InetAddress.getByAddress(address), port);
            byte[] s = r.opaque24();
            DtlsSession session = DtlsSession.fromUnsealedBytes(s);
            Arrays.fill(s, (byte) 0);
            byte[] clientRandom = r.bytes(32);
            byte[] serverRandom = r.bytes(32);
            int groupCode = r.u16();
            Optional<NamedGroup> group = groupCode == 0 ? Optional.empty() : Optional.of(NamedGroup.fromCode(groupCode)
                    .orElseThrow(() -> new IllegalArgumentException("unknown named group " + groupCode)));
            int flags = r.u8();
            byte[] ours = r.opaque8();
            byte[] peers = r.opaque8();
            Optional<ConnectionIds> cids = (flags & CONNECTION_IDS) != 0
                    ? Optional.of(new ConnectionIds(ours, peers)) : Optional.empty();
            Optional<String> alpn = text(r.opaque8());
            Optional<String> sni = text(r.opaque16());
            int srtpCode = r.u16();
            Optional<SrtpProfile> srtp = srtpCode == 0 ? Optional.empty() : Optional.of(SrtpProfile.fromCode(srtpCode)
                    .orElseThrow(() -> new IllegalArgumentException("unknown SRTP profile " + srtpCode)));
            int readEpoch = r.u16();
            int writeEpoch = r.u16();
            long next = r.u48();
            boolean hasReceived = r.u8() != 0;
            long highest = r.u48();
            byte[] notAcceptable = r.opaque8();
            r.expectEmpty("established connection state");
            return new EstablishedState(client, peer, session, clientRandom, serverRandom, group,
                    (flags & RESUMED) != 0, (flags & ENCRYPT_THEN_MAC) != 0, cids, alpn, sni, srtp, readEpoch,
                    writeEpoch, next, hasReceived ? highest : -1, notAcceptable);
        } catch (DecodeException | GeneralSecurityException | UnknownHostException e) {
            throw new IllegalArgumentException("malformed established connection state: " + e.getMessage(), e);
        }
    }

    /** Overwrites the master secret this state holds; it can then no longer be restored. */
    public void destroy() {
        session.destroy();
    }

    @Override
    public String toString() {
        return "EstablishedState[" + (client ? "client" : "server") + " peer=" + peer + " "
                + session.cipherSuite().ianaName() + " write " + writeEpoch + "/" + nextWriteSequence
                + connectionIds.map(c -> " cid " + c).orElse("") + "]";
    }

    private static byte[] utf8(Optional<String> s) {
        return s.map(v -> v.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    }

    private static Optional<String> text(byte[] b) {
        return b.length == 0 ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
    }
}
