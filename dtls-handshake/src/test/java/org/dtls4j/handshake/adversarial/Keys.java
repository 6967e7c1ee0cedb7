package org.dtls4j.handshake.adversarial;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.KeyBlock;
import org.dtls4j.crypto.Prf;
import org.dtls4j.handshake.fragment.HandshakeFragment;
import org.dtls4j.handshake.sim.SimulatedLink;
import org.dtls4j.handshake.sim.SimulatedLink.Direction;
import org.dtls4j.record.ContentType;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.RecordProtection;

/**
 * The epoch-1 keys of an association, derived as Wireshark would: the master secret from the NSS
 * key log line ({@code CLIENT_RANDOM <client_random> <master_secret>}), the server_random from the
 * ServerHello seen on the link, and the key block of RFC 5246 §6.3. A test holding them plays an
 * attacker who knows the keys (or a peer that misbehaves under them): it can read what either side
 * sent and forge records either side accepts.
 */
final class Keys {
    private static final int SERVER_HELLO = 2;

    private final KeyBlock block;
    private final Association a;

    private Keys(Association a, KeyBlock block) {
        this.a = a;
        this.block = block;
    }

    /** The keys of {@code a}'s completed handshake. */
    static Keys of(Association a) {
        String line = a.clientKeyLog.get(a.clientKeyLog.size() - 1);
        String[] parts = line.split(" ");
        HexFormat hex = HexFormat.of();
        byte[] clientRandom = hex.parseHex(parts[1]);
        byte[] master = hex.parseHex(parts[2]);
        return new Keys(a, Prf.keyBlock(a.suite, master, clientRandom, serverRandom(a.link), JcaProviders.defaults()));
    }

    /** The random of the last ServerHello the server sent (RFC 5246 §7.4.1.3: after server_version). */
    private static byte[] serverRandom(SimulatedLink link) {
        byte[] random = null;
        for (SimulatedLink.Transmission t : link.transmissions()) {
            if (t.direction() != Direction.SERVER_TO_CLIENT) {
                continue;
            }
            for (Wire.Rec r : Wire.records(t.datagram())) {
                if (r.type() != Wire.HANDSHAKE || r.epoch() != 0) {
                    continue;
                }
                for (HandshakeFragment f : Wire.fragments(r.fragment())) {
                    if (f.msgType() == SERVER_HELLO && f.fragmentOffset() == 0 && f.fragmentLength() >= 34) {
                        random = Arrays.copyOfRange(f.body(), 2, 34);
                    }
                }
            }
        }
        if (random == null) {
            throw new AssertionError("no ServerHello on the link");
        }
        return random;
    }

    /** What the client's epoch-1 records are protected with. */
    RecordProtection clientWrite() {
        return RecordProtection.create(a.suite.cipher(), block.clientWriteKey(), block.clientWriteIv(), JcaProviders.defaults());
    }

    /** What the server's epoch-1 records are protected with. */
    RecordProtection serverWrite() {
        return RecordProtection.create(a.suite.cipher(), block.serverWriteKey(), block.serverWriteIv(), JcaProviders.defaults());
    }

    /** A record layer that writes epoch 1 as {@code protection}'s owner does, from sequence number {@code next}. */
    static RecordLayer forger(RecordProtection protection, long next) {
        RecordLayer layer = new RecordLayer();
        layer.installWriteEpoch(1, protection);
        layer.advanceWriteSequence(1, next);
        return layer;
    }

    /** One protected epoch-1 record with {@code payload}, numbered {@code seq}. */
    static byte[] seal(RecordProtection protection, ContentType type, long seq, byte[] payload) {
        RecordLayer layer = forger(protection, seq);
        byte[] out = new byte[payload.length + layer.recordOverhead(1)];
        layer.writeRecord(type, 1, payload, 0, payload.length, out, 0);
        return out;
    }

    /** The plaintext of an epoch-1 record sealed with {@code protection}. */
    static byte[] open(RecordProtection protection, Wire.Rec r) {
        byte[] out = new byte[r.bytes().length];
        try {
            int n = protection.unprotect(ContentType.fromCode(r.type()), r.version(), r.epoch(), r.seq(),
                    r.bytes(), 13, r.bytes().length - 13, out, 0);
            return Arrays.copyOf(out, n);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("record does not open under these keys: " + r, e);
        }
    }
}
