package org.dtls4j.cli;

import java.util.List;

/** One word after {@code dtls4j}: {@code demo}, {@code server}, {@code pipe}, ... */
interface Command {

    /** The word that selects it. */
    String name();

    /** What follows the name in the usage line, e.g. {@code --listen HOST:PORT [options]}. */
    String synopsis();

    /** One or more lines saying what it does. */
    String description();

    /** The options it accepts. */
    List<Option> options();

    /**
     * Runs it.
     *
     * @return the exit status (0 success, 1 failure)
     * @throws UsageException  bad arguments: exit status 2
     * @throws CommandFailure  the job could not be done: exit status 1
     */
    int run(ParsedArgs args, Terminal terminal) throws UsageException, CommandFailure, InterruptedException;
}
