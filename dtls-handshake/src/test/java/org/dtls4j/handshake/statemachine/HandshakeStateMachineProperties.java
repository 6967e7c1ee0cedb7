package org.dtls4j.handshake.statemachine;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * Stateful testing of both handshake state machines (RFC 6347 §4.2.4, RFC 5246 §7.3): a scripted
 * peer walks at random over the {@link Symbol} alphabet, valid crypto wherever its own view allows,
 * against our server and our client, for PSK, ECDHE_PSK and ECDHE_ECDSA with client authentication
 * none, optional and required ({@link RunConfig}). After every step the {@link Oracle} checks the
 * invariants, which include the bug patterns DTLS-Fuzzer found in other stacks.
 *
 * <p>Half the steps, on average, are what an honest peer would send next, so walks get deep: past
 * the key exchange, through completion, into the established connection. Walks are
 * {@value #DEPTH} steps long; their number comes from {@link CampaignTries}.
 */
class HandshakeStateMachineProperties {
    /** Steps per walk. */
    static final int DEPTH = 16;
    /** Weight of HONEST against 1 for each symbol of the alphabet proper. */
    private static final int HONEST_WEIGHT = 50;
    /** Weight of DEVIANT: one message wrong, then honesty again, is how other stacks' bugs were found. */
    private static final int DEVIANT_WEIGHT = 10;
    /** Weight of SKIP: one message left out, then honesty again. */
    private static final int SKIP_WEIGHT = 5;

    @Property(shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(CampaignTries.class)
    void engineHoldsTheInvariantsAgainstARandomPeer(@ForAll("walks") ActionChain<Walk> walk) {
        Walk end = walk.run();
        String engine = end.config.engineIsServer ? "server" : "client";
        Statistics.label("outcome").collect(engine, end.engine.state());
        Statistics.label("completed").collect(engine, end.completed());
        Statistics.label("steps").collect(end.steps().size() >= 12 ? "12 or more" : "fewer than 12");
        // Not vacuous: walks do get through the handshake, on both sides, and they are deep.
        Statistics.label("completed").coverage(c -> {
            c.check("server", true).percentage(p -> p >= 2.0);
            c.check("client", true).percentage(p -> p >= 2.0);
        });
        Statistics.label("steps").coverage(c -> c.check("12 or more").percentage(p -> p == 100.0));
    }

    @Provide
    Arbitrary<ActionChain<Walk>> walks() {
        return Arbitraries.of(RunConfig.values()).flatMap(config -> {
            ActionChainArbitrary<Walk> chain = ActionChain.startWith(() -> new Walk(config));
            for (Symbol s : applicable(config)) {
                chain = chain.withAction(weight(s), Action.just(s.name(), Transformer.mutate(s.name(), walk -> walk.execute(s))));
            }
            return chain.withMaxTransformations(DEPTH);
        });
    }

    private static int weight(Symbol s) {
        return s == Symbol.HONEST ? HONEST_WEIGHT : s == Symbol.DEVIANT ? DEVIANT_WEIGHT : s == Symbol.SKIP ? SKIP_WEIGHT : 1;
    }

    static Symbol[] applicable(RunConfig config) {
        return Arrays.stream(Symbol.values())
                .filter(s -> s.side == Symbol.Side.BOTH
                        || s.side == (config.engineIsServer ? Symbol.Side.CLIENT : Symbol.Side.SERVER))
                .filter(s -> s != Symbol.SERVER_KEY_EXCHANGE_BAD_SIGNATURE || config.certificateSuite())
                .toArray(Symbol[]::new);
    }
}
