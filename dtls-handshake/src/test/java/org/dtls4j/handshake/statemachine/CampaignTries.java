package org.dtls4j.handshake.statemachine;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets the number of walks from the system property {@code dtls4j.statemachine.tries}: a bounded
 * slice in the normal build, tens of thousands in the campaign profile ({@code mvn -Pcampaign}).
 */
public final class CampaignTries implements AroundPropertyHook {
    /** Walks per property in the normal build. */
    static final int DEFAULT_TRIES = 1000;

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(Integer.getInteger("dtls4j.statemachine.tries", DEFAULT_TRIES));
        return property.execute();
    }
}
