package org.dtls4j.cli;

/** Named daemon threads: a command's helpers never keep the JVM alive on their own. */
final class Threads {
    private Threads() {
    }

    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
