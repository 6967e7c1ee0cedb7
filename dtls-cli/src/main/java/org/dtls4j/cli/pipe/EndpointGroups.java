package org.dtls4j.cli.pipe;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Where the hopping client sends each new session: one or more {@link EndpointGroup}s. As in
 * dtlspipe's {@code hoppingclient}, a group is drawn first, each with the same probability
 * whatever its size, then an endpoint within it ({@link EndpointGroup#pick}).
 */
public final class EndpointGroups {
    private final List<EndpointGroup> groups;

    private EndpointGroups(List<EndpointGroup> groups) {
        this.groups = List.copyOf(groups);
    }

    /**
     * Reads the groups, one per argument.
     *
     * @throws IllegalArgumentException naming the group that is wrong and why
     */
    public static EndpointGroups parse(List<String> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint group is needed");
        }
        List<EndpointGroup> groups = new ArrayList<>();
        for (String spec : specs) {
            groups.add(EndpointGroup.parse(spec));
        }
        return new EndpointGroups(groups);
    }

    List<EndpointGroup> groups() {
        return groups;
    }

    /** One endpoint: a group drawn uniformly, then an endpoint of that group. */
    public InetSocketAddress pick(RandomGenerator random) {
        return groups.get(random.nextInt(groups.size())).pick(random);
    }

    /**
     * The destinations of a {@link PipeClient}: a fresh pick for each session. The client asks from
     * one thread only, so {@code random} needs no locking.
     */
    public Supplier<InetSocketAddress> destinations(RandomGenerator random) {
        return () -> pick(random);
    }

    @Override
    public String toString() {
        List<String> out = new ArrayList<>();
        for (EndpointGroup g : groups) {
            out.add(g.toString());
        }
        return String.join(" ", out);
    }
}
