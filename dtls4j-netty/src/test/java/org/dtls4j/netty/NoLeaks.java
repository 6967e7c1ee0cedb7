package org.dtls4j.netty;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (at PARANOID) reported a buffer that was never
 * released while it ran. Registered for every test class of the module (automatic extension
 * registration, see {@code junit-platform.properties}); its static initializer installs the
 * recording detector before any test makes a buffer.
 */
public final class NoLeaks implements BeforeAllCallback, AfterAllCallback {
    static {
        LeakRecorder.install();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakRecorder.collect();
        LeakRecorder.drain(); // what an earlier class left is that class's failure, reported there
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() == LeakDetectionSelfTest.class) {
            return; // leaks on purpose, and checks the reports itself
        }
        LeakRecorder.collect();
        List<String> leaks = LeakRecorder.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " buffer leak(s) reported by Netty's detector:\n"
                    + String.join("\n", leaks));
        }
    }
}
