package org.dtls4j.handshake.statemachine;

import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_EMPTY;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_REQUEST;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_UNTRUSTED;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_VERIFY;
import static org.dtls4j.handshake.statemachine.Symbol.CERTIFICATE_VERIFY_WRONG_KEY;
import static org.dtls4j.handshake.statemachine.Symbol.CHANGE_CIPHER_SPEC;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_HELLO;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_HELLO_NO_COMMON_SUITE;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_HELLO_WITHOUT_EMS;
import static org.dtls4j.handshake.statemachine.Symbol.CLIENT_KEY_EXCHANGE;
import static org.dtls4j.handshake.statemachine.Symbol.FINISHED;
import static org.dtls4j.handshake.statemachine.Symbol.FINISHED_WRONG;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO_DONE;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO_UNOFFERED_SUITE;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_HELLO_WITHOUT_EMS;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_KEY_EXCHANGE;
import static org.dtls4j.handshake.statemachine.Symbol.SERVER_KEY_EXCHANGE_BAD_SIGNATURE;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The honest peer's progress through its side of the handshake (RFC 5246 §7.3), slot by slot:
 * hello, certificate, key exchange, CertificateVerify, ChangeCipherSpec, Finished for a client;
 * hello, certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone, ChangeCipherSpec,
 * Finished for a server. A slot is filled by its honest message, by a deviant message of the same
 * kind (an empty or untrusted certificate, a wrong Finished), or left out on purpose
 * ({@link Symbol#SKIP}); either way the honest peer then carries on with the next slot. This is how
 * a walk reaches "an empty Certificate, then everything else honestly" or "no CertificateVerify,
 * then ChangeCipherSpec and a right Finished".
 */
final class HonestScript {
    /** One place in the honest order: the symbols that fill it, and the one an honest peer sends. */
    private record Slot(Set<Symbol> members, Symbol honest) { }

    private final RunConfig config;
    private final List<Slot> slots = new ArrayList<>();
    private int position;
    private boolean certificateShown;

    HonestScript(RunConfig config) {
        this.config = config;
        if (config.engineIsServer) {
            slots.add(new Slot(Set.of(CLIENT_HELLO, CLIENT_HELLO_WITHOUT_EMS, CLIENT_HELLO_NO_COMMON_SUITE), CLIENT_HELLO));
            if (config.certificateRequested()) {
                slots.add(new Slot(Set.of(CERTIFICATE, CERTIFICATE_EMPTY, CERTIFICATE_UNTRUSTED),
                        config.clientCertificate ? CERTIFICATE : CERTIFICATE_EMPTY));
            }
            slots.add(new Slot(Set.of(CLIENT_KEY_EXCHANGE), CLIENT_KEY_EXCHANGE));
            slots.add(new Slot(Set.of(CERTIFICATE_VERIFY, CERTIFICATE_VERIFY_WRONG_KEY), CERTIFICATE_VERIFY));
        } else {
            slots.add(new Slot(Set.of(SERVER_HELLO, SERVER_HELLO_WITHOUT_EMS, SERVER_HELLO_UNOFFERED_SUITE), SERVER_HELLO));
            if (config.certificateSuite()) {
                slots.add(new Slot(Set.of(CERTIFICATE, CERTIFICATE_EMPTY, CERTIFICATE_UNTRUSTED), CERTIFICATE));
            }
            slots.add(new Slot(config.certificateSuite() ? Set.of(SERVER_KEY_EXCHANGE, SERVER_KEY_EXCHANGE_BAD_SIGNATURE)
                    : Set.of(SERVER_KEY_EXCHANGE), SERVER_KEY_EXCHANGE)); // only a signed one can be badly signed
            if (config.certificateRequested()) {
                slots.add(new Slot(Set.of(CERTIFICATE_REQUEST), CERTIFICATE_REQUEST));
            }
            slots.add(new Slot(Set.of(SERVER_HELLO_DONE), SERVER_HELLO_DONE));
        }
        slots.add(new Slot(Set.of(CHANGE_CIPHER_SPEC), CHANGE_CIPHER_SPEC));
        slots.add(new Slot(Set.of(FINISHED, FINISHED_WRONG), FINISHED));
        skipUnneeded();
    }

    /** What an honest peer sends next, or null once it has sent its Finished. */
    Symbol next() {
        return position < slots.size() ? slots.get(position).honest() : null;
    }

    /** A wrong variant of the message due next, or the honest one where the slot has no variant. */
    Symbol deviant(java.util.Random random) {
        if (position >= slots.size()) {
            return null;
        }
        Slot slot = slots.get(position);
        List<Symbol> variants = new ArrayList<>();
        for (Symbol m : Symbol.values()) {
            if (slot.members().contains(m) && m != slot.honest()) {
                variants.add(m);
            }
        }
        return variants.isEmpty() ? slot.honest() : variants.get(random.nextInt(variants.size()));
    }

    /** Records that {@code s} went out (or, for {@link Symbol#SKIP}, that the next slot was left out). */
    void sent(Symbol s) {
        if (position >= slots.size()) {
            return;
        }
        if (s == Symbol.SKIP || slots.get(position).members().contains(s)) {
            if (s == CERTIFICATE || s == CERTIFICATE_UNTRUSTED) {
                certificateShown = true;
            }
            position++;
            skipUnneeded();
        }
    }

    /** A client that showed no certificate has no CertificateVerify to send (RFC 5246 §7.4.8). */
    private void skipUnneeded() {
        while (position < slots.size() && slots.get(position).honest() == CERTIFICATE_VERIFY
                && !(config.certificateRequested() && certificateShown)) {
            position++;
        }
    }
}
