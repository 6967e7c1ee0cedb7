package org.dtls4j.handshake.cookie;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link CookieExchange} did with the datagrams it was shown: HelloVerifyRequests sent,
 * ClientHellos accepted, and drops by {@link DropReason} (the stateless exchange of RFC 6347
 * §4.2.1). Safe to read from any thread while the exchange runs; all counters are allocated
 * once, up front.
 */
public final class CookieCounters {
    private final LongAdder verifies = new LongAdder();
    private final LongAdder badCookies = new LongAdder();
    private final LongAdder accepts = new LongAdder();
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);

    CookieCounters() {
        for (DropReason r : DropReason.values()) {
            drops.put(r, new LongAdder());
        }
    }

    void verify(boolean hadCookie) {
        verifies.increment();
        if (hadCookie) {
            badCookies.increment();
        }
    }

    void accept() {
        accepts.increment();
    }

    void drop(DropReason reason) {
        drops.get(reason).increment();
    }

    /** HelloVerifyRequests answered, whether the hello had no cookie or a wrong one. */
    public long verifies() {
        return verifies.sum();
    }

    /** Of {@link #verifies()}, those whose ClientHello carried a cookie that did not verify. */
    public long badCookies() {
        return badCookies.sum();
    }

    /** ClientHellos with a valid cookie. */
    public long accepts() {
        return accepts.sum();
    }

    public long drops(DropReason reason) {
        return drops.get(reason).sum();
    }

    /** All drops, whatever the reason. */
    public long drops() {
        long total = 0;
        for (LongAdder a : drops.values()) {
            total += a.sum();
        }
        return total;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CookieCounters[verifies=").append(verifies())
                .append(", badCookies=").append(badCookies())
                .append(", accepts=").append(accepts());
        drops.forEach((reason, n) -> {
            if (n.sum() > 0) {
                sb.append(", ").append(reason.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n.sum());
            }
        });
        return sb.append(']').toString();
    }
}
