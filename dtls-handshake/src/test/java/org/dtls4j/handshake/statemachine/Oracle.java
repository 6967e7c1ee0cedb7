package org.dtls4j.handshake.statemachine;

import static org.dtls4j.handshake.statemachine.Symbol.APPLICATION_DATA;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_VERIFY;
import static org.dtls4j.handshake.statemachine.Symbol.CHANGE_CIPHER_SPEC;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_HELLO;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_KEY_EXCHANGE;
import static org.dtls4j.handshake.statemachine.Symbol.FATAL_ALERT;
import static org.dtls4j.handshake.statemachine.Symbol.FINISHED;
import static org.dtls4j.handshake.statemachine.Symbol.HELLO_REQUEST;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO_DONE;
import static org.dtls4j.handshake.statemachine.Symbol.TIMER;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dtls4j.handshake.AlertDescription;
import org.dtls4j.handshake.DtlsException;
import org.dtls4j.handshake.DtlsTimeoutException;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.TestPeers;
import org.dtls4j.handshake.negative.PeerWire;

/**
 * What must hold after every step of a walk, whatever the peer sent:
 * <ol>
 *   <li>the engine completes only after an accepted path ({@link RunConfig#acceptedPaths()}), with a
 *       ChangeCipherSpec after the key exchange (and after the CertificateVerify) and before a right
 *       Finished, and a verified client certificate whenever the server requires one;</li>
 *   <li>it delivers application data only once connected, and then all of it;</li>
 *   <li>it fails only with an alert the step can explain ({@link Symbol#allowedAlerts()}), never
 *       internal_error, and that alert is the last thing it sends;</li>
 *   <li>after a fatal alert or close_notify it sends nothing more, except the close_notify reply;</li>
 *   <li>once connected it fails only when the peer says so, and it refuses renegotiation with a
 *       no_renegotiation warning;</li>
 *   <li>{@code negotiated()} is null until the handshake completed.</li>
 * </ol>
 * The walk's driver also holds the engine to never throwing.
 */
final class Oracle {
    private final Walk walk;
    private final Set<AlertDescription> deferred = EnumSet.noneOf(AlertDescription.class);
    private boolean connected;
    private int connectedAt = -1;
    private boolean over;
    /** A message_seq the engine skipped since completion (an epoch-0 message it rightly ignored). */
    private boolean sequenceGap;

    Oracle(Walk walk) {
        this.walk = walk;
    }

    /** Whether the engine completed the handshake during the walk. */
    boolean completed() {
        return connected;
    }

    void check(Walk.Step step) {
        require(!over || step.answer().isEmpty(), "the engine sent something after it was " + step.before(), step);
        if (!connected && step.after() != EngineState.CONNECTED && step.after() != EngineState.CLOSED) {
            require(walk.engine.negotiated() == null, "negotiated() before the handshake completed", step);
        }
        if (step.after() == EngineState.FAILED && step.before() != EngineState.FAILED) {
            checkFailure(step);
        }
        if (step.after() == EngineState.CLOSED && step.before() != EngineState.CLOSED) {
            checkClose(step);
        }
        if (!connected && (step.after() == EngineState.CONNECTED
                || step.after() == EngineState.CLOSED && walk.engine.negotiated() != null)) {
            checkPath(step);
            connected = true;
            connectedAt = step.index();
        }
        checkApplicationData(step);
        if (connected && step.before() == EngineState.CONNECTED && step.after() == EngineState.CONNECTED && !sequenceGap) {
            checkRenegotiationRefused(step);
        }
        if (connected && step.sent().takesMessageSeq() && step.recordEpoch() == 0) {
            sequenceGap = true; // RFC 6347 §4.1: a new message in an old epoch is dropped, its message_seq never filled
        }
        if (step.peerEpoch() > 0 && !connected) {
            // Records of the new epoch may wait in the engine for its keys and be read at a later step.
            deferred.addAll(step.sent().allowedAlerts());
        }
        over = step.after() == EngineState.FAILED || step.after() == EngineState.CLOSED;
    }

    private void checkFailure(Walk.Step step) {
        DtlsException f = walk.engine.failure();
        require(f != null, "FAILED without a failure", step);
        if (f instanceof DtlsTimeoutException) {
            require(step.sent() == TIMER, "timed out without time passing", step);
            require(step.answer().isEmpty(), "an alert for a timeout", step);
            return;
        }
        if (f.isReceivedFromPeer()) {
            require(walk.steps().stream().anyMatch(s -> s.sent() == FATAL_ALERT), "a peer alert that was never sent", step);
            require(step.answer().isEmpty(), "answered a fatal alert", step);
            return;
        }
        require(f.alert() != AlertDescription.INTERNAL_ERROR, "internal_error: " + f.getMessage(), step);
        require(!connected, "failed on its own after the handshake: " + f.getMessage(), step);
        Set<AlertDescription> allowed = EnumSet.copyOf(step.sent().allowedAlerts());
        allowed.addAll(deferred);
        require(allowed.contains(f.alert()), f.alert() + " is no answer to " + step.sent() + ": " + f.getMessage(), step);
        List<PeerWire.Received> alerts = alerts(step.answer());
        if (!alerts.isEmpty()) {
            PeerWire.Received last = step.answer().get(step.answer().size() - 1);
            require(last.isFatalAlert() && last.alertDescription() == f.alert().code(),
                    "the fatal alert is not the last record, or not " + f.alert(), step);
        }
    }

    private void checkClose(Walk.Step step) {
        List<PeerWire.Received> answer = step.answer();
        if (step.before() == EngineState.CONNECTED) {
            require(answer.size() == 1 && answer.get(0).kind() == PeerWire.Kind.ALERT
                    && answer.get(0).alertDescription() == AlertDescription.CLOSE_NOTIFY.code(),
                    "a connected engine answers close_notify with exactly one close_notify", step);
        } else if (!answer.isEmpty()) {
            PeerWire.Received last = answer.get(answer.size() - 1);
            require(last.kind() != PeerWire.Kind.ALERT || last.alertDescription() == AlertDescription.CLOSE_NOTIFY.code(),
                    "closed with another alert", step);
        }
    }

    /** The DTLS-Fuzzer patterns: early Finished, certificate-less or CertificateVerify-less authentication, wrong order, repeats. */
    private void checkPath(Walk.Step step) {
        List<Symbol> path = new ArrayList<>();
        int keyExchange = Integer.MAX_VALUE;
        int verify = -1;
        int finished = -1;
        Symbol keyExchangeSymbol = walk.config.engineIsServer ? CLIENT_KEY_EXCHANGE : SERVER_HELLO_DONE;
        for (Walk.Step s : walk.steps()) {
            if (!s.newMessage()) {
                continue;
            }
            path.add(s.sent());
            if (s.sent() == keyExchangeSymbol) {
                keyExchange = Math.min(keyExchange, s.index());
            } else if (s.sent() == CERTIFICATE_VERIFY) {
                verify = s.index();
            } else if (s.sent() == FINISHED) {
                finished = s.index();
            }
        }
        require(walk.config.acceptedPaths().contains(path), "completed after the path " + path, step);
        boolean changeCipherSpecInPlace = false;
        for (Walk.Step s : walk.steps()) {
            if (s.sent() == CHANGE_CIPHER_SPEC && s.index() > keyExchange && s.index() > verify && s.index() < finished) {
                changeCipherSpecInPlace = true;
            }
        }
        require(changeCipherSpecInPlace, "completed without a ChangeCipherSpec between the key exchange and the Finished", step);
        if (walk.config.engineIsServer && walk.config.auth == org.dtls4j.handshake.ClientAuth.REQUIRED) {
            require(!walk.engine.negotiated().peerCertificates().isEmpty(), "required client certificate not in negotiated()", step);
        }
        if (!walk.config.engineIsServer && walk.config.certificateSuite()) {
            require(walk.engine.negotiated().peerCertificates().equals(TestPeers.pkiFor(walk.config.suite).chain()),
                    "negotiated() shows another server chain", step);
        }
    }

    private void checkApplicationData(Walk.Step step) {
        for (byte[] d : step.delivered()) {
            require(step.after() == EngineState.CONNECTED || step.after() == EngineState.CLOSED && connected,
                    "application data delivered in state " + step.after(), step);
            require(sentAsData(d), "delivered bytes the peer never sent as application data", step);
        }
        boolean wasConnected = connected && step.index() > connectedAt && step.before() == EngineState.CONNECTED;
        if (wasConnected && step.sent() == APPLICATION_DATA && step.peerEpoch() > 0 && step.after() == EngineState.CONNECTED) {
            require(step.delivered().size() == 1 && Arrays.equals(step.payload(), step.delivered().get(0)),
                    "application data under the connection's keys was not delivered", step);
        }
    }

    private boolean sentAsData(byte[] d) {
        for (Walk.Step s : walk.steps()) {
            if (s.sent() == APPLICATION_DATA && s.peerEpoch() > 0 && Arrays.equals(s.payload(), d)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5746 §4.2 / §4.4: a renegotiation attempt under the established keys gets a no_renegotiation warning. */
    private void checkRenegotiationRefused(Walk.Step step) {
        boolean attempt = step.peerEpoch() > 0 && (step.sent() == CLIENT_HELLO || step.sent() == HELLO_REQUEST);
        if (attempt) {
            List<PeerWire.Received> a = step.answer();
            require(a.size() == 1 && a.get(0).kind() == PeerWire.Kind.ALERT && a.get(0).alertLevel() == 1
                    && a.get(0).alertDescription() == AlertDescription.NO_RENEGOTIATION.code(),
                    "renegotiation attempt not refused with a no_renegotiation warning", step);
        }
    }

    private static List<PeerWire.Received> alerts(List<PeerWire.Received> answer) {
        List<PeerWire.Received> out = new ArrayList<>();
        for (PeerWire.Received r : answer) {
            if (r.kind() == PeerWire.Kind.ALERT) {
                out.add(r);
            }
        }
        return out;
    }

    private void require(boolean ok, String violation, Walk.Step step) {
        if (!ok) {
            throw new AssertionError("oracle violation at step " + step.index() + ": " + violation + "\n" + walk);
        }
    }
}
