package org.dtls4j.handshake.engine;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.KeyBlock;
import org.dtls4j.crypto.Prf;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.DtlsSession;
import org.dtls4j.handshake.KeyingMaterialExporter;
import org.dtls4j.handshake.Negotiated;
import org.dtls4j.handshake.protocol.Handshake;
import org.dtls4j.record.RecordHeader;
import org.dtls4j.record.RecordLayer;
import org.dtls4j.record.ReplayWindow;

/**
 * Taking an {@link EstablishedState} out of a connected engine's parts, and putting one into the
 * record layer of a new engine: the two halves of {@link DtlsEngine#exportEstablished()} and
 * {@link DtlsEngine#restore}.
 *
 * <p>dtls4j does not renegotiate, so an established connection reads and writes epoch 1 and
 * nothing else; a restored one has epoch 1 alone (epoch 0 is not installed again, so nothing of
 * the handshake is ever sent or read again).
 */
final class Restoration {
    /** The one epoch an established dtls4j connection uses. */
    private static final int ESTABLISHED_EPOCH = 1;

    private Restoration() {
    }

    /** The state of a connected engine, from its parts. */
    static EstablishedState take(boolean client, Negotiated n, byte[] clientRandom, byte[] serverRandom,
                                 RecordLayer records, SocketAddress peer) {
        int readEpoch = records.readEpoch();
        ReplayWindow window = records.replayWindow(readEpoch);
        long highest = window.highestAuthenticated();
        byte[] notAcceptable = new byte[window.size() / 8];
        for (int i = 0; highest >= 0 && i < window.size() && highest - i >= 0; i++) {
            if (!window.mayAccept(highest - i)) {
                notAcceptable[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        int writeEpoch = records.writeEpoch();
        return new EstablishedState(client, peer instanceof InetSocketAddress a ? a : null, copy(n.session()),
                clientRandom, serverRandom, n.group(), n.resumed(), n.encryptThenMac(), n.connectionIds(),
                n.applicationProtocol(), n.serverName(), n.srtpProfile(), readEpoch, writeEpoch,
                records.nextWriteSequence(writeEpoch), highest, notAcceptable);
    }

    /** A copy of the session, so that destroying a state never touches the one a session store holds. */
    private static DtlsSession copy(DtlsSession session) {
        try {
            byte[] bytes = session.toUnsealedBytes();
            try {
                return DtlsSession.fromUnsealedBytes(bytes);
            } finally {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot copy the session: " + e.getMessage(), e);
        }
    }

    /**
     * Installs {@code s} into a fresh record layer: the Connection IDs, epoch 1 for reading and
     * writing with keys derived again from the session's master secret and the randoms (RFC 5246
     * §6.3), the write sequence number moved {@link EstablishedState#RESTORE_SEQUENCE_MARGIN} past
     * the saved one, and the saved replay window. Returns what the handshake had agreed on.
     *
     * @throws IllegalArgumentException when the state is of an epoch other than 1
     */
    static Negotiated install(EstablishedState s, RecordLayer records, DtlsConfig config, SecureRandom random) {
        if (s.readEpoch != ESTABLISHED_EPOCH || s.writeEpoch != ESTABLISHED_EPOCH) {
            throw new IllegalArgumentException("a saved connection reads and writes epoch 1 (dtls4j does not"
                    + " renegotiate), not " + s.readEpoch + "/" + s.writeEpoch);
        }
        DtlsSession session = s.session;
        CipherSuite suite = session.cipherSuite();
        s.connectionIds.ifPresent(c -> {
            records.setReadConnectionId(c.ours());
            records.setWriteConnectionId(c.peers());
        });
        byte[] masterSecret = session.masterSecret();
        KeyBlock kb = Prf.keyBlock(suite, masterSecret, s.clientRandom, s.serverRandom, config.providers());
        try {
            records.installReadEpoch(ESTABLISHED_EPOCH, s.client
                    ? Handshake.protection(suite, s.encryptThenMac, kb.serverWriteKey(), kb.serverWriteIv(),
                            kb.serverWriteMacKey(), random, config.providers())
                    : Handshake.protection(suite, s.encryptThenMac, kb.clientWriteKey(), kb.clientWriteIv(),
                            kb.clientWriteMacKey(), random, config.providers()));
            records.installWriteEpoch(ESTABLISHED_EPOCH, s.client
                    ? Handshake.protection(suite, s.encryptThenMac, kb.clientWriteKey(), kb.clientWriteIv(),
                            kb.clientWriteMacKey(), random, config.providers())
                    : Handshake.protection(suite, s.encryptThenMac, kb.serverWriteKey(), kb.serverWriteIv(),
                            kb.serverWriteMacKey(), random, config.providers()));
        } finally {
            kb.destroy();
        }
        records.retireReadEpochsBelow(ESTABLISHED_EPOCH);
        records.retireWriteEpochsBelow(ESTABLISHED_EPOCH);
        // Never a nonce twice: past the saved number by the margin, at most to the end of the epoch
        // (where the next send fails the connection as an exhausted epoch does, RFC 6347 §4.1).
        long next = Math.min(RecordHeader.MAX_SEQUENCE_NUMBER + 1,
                s.nextWriteSequence + EstablishedState.RESTORE_SEQUENCE_MARGIN);
        records.advanceWriteSequence(ESTABLISHED_EPOCH, next);
        restoreWindow(records.replayWindow(ESTABLISHED_EPOCH), s.highestReceived, s.notAcceptable);
        if (!s.client && session.sessionId().length > 0 && config.sessionStore() != null) {
            config.sessionStore().put(session); // resumable by session ID here too (RFC 5246 §7.3)
        }
        KeyingMaterialExporter exporter = new KeyingMaterialExporter(suite.prfHash(), masterSecret, s.clientRandom,
                s.serverRandom, session.extendedMasterSecret(), config.providers());
        java.util.Arrays.fill(masterSecret, (byte) 0);
        byte[] psk = session.pskIdentity();
        return new Negotiated("DTLSv1.2", suite, s.group, session.extendedMasterSecret(), session.peerCertificates(),
                psk == null ? Optional.empty() : Optional.of(new String(psk, StandardCharsets.UTF_8)),
                s.applicationProtocol, s.serverName, s.resumed, session, s.connectionIds, s.srtpProfile, exporter,
                session.peerRawPublicKey(), s.encryptThenMac);
    }

    /**
     * Marks the saved window into {@code window}. A number the saved window could no longer accept
     * stays unacceptable; so does every number the new window spans beyond the saved one's size,
     * so a larger window than before never lets an old record in again (RFC 6347 §4.1.2.6).
     */
    private static void restoreWindow(ReplayWindow window, long highest, byte[] notAcceptable) {
        if (highest < 0) {
            return;
        }
        window.markAuthenticated(highest);
        int saved = notAcceptable.length * 8;
        for (int i = 1; i < window.size() && highest - i >= 0; i++) {
            if (i >= saved || (notAcceptable[i >>> 3] & (1 << (i & 7))) != 0) {
                window.markAuthenticated(highest - i);
            }
        }
    }
}
