package org.dtls4j.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of one command, split into options and positional words.
 *
 * <p>Accepted forms: {@code --name value}, {@code --name=value}, {@code --flag}; each also with
 * one dash ({@code -psk HEX}, as dtlspipe and Go's flag package write them); a flag also as
 * {@code --flag=true} or {@code --flag=false} (false: as if not given); an option whose value is
 * optional as {@code --trace} or {@code --trace=records}. A lone {@code --} ends the
 * options, a lone {@code -} is a positional word. An option answers to its canonical name and to
 * its aliases ({@link Option#aliases()}); the command reads it by the canonical name. An unknown
 * option, a missing value, a value given to a flag and an option given twice (under any of its
 * names) are errors, so a typo never silently changes what runs.
 */
final class ParsedArgs {
    private final String command;
    private final Map<String, String> options;
    private final List<String> positionals;

    private ParsedArgs(String command, Map<String, String> options, List<String> positionals) {
        this.command = command;
        this.options = options;
        this.positionals = positionals;
    }

    /**
     * Parses {@code args} against the options {@code command} accepts.
     *
     * @throws UsageException naming the offending word
     */
    static ParsedArgs parse(String command, List<Option> accepted, List<String> args) throws UsageException {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : accepted) {
            byName.put(o.name(), o);
            for (String alias : o.aliases()) {
                byName.put(alias, o);
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> given = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (optionsEnded || !word.startsWith("-") || word.equals("-")) {
                positionals.add(word);
                continue;
            }
            if (word.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int dashes = word.startsWith("--") ? 2 : 1;
            int eq = word.indexOf('=');
            String spelled = word.substring(0, eq < 0 ? word.length() : eq);
            Option option = byName.get(spelled.substring(dashes));
            if (option == null) {
                throw new UsageException("unknown option " + spelled + " for '" + command + "'");
            }
            String name = option.name();
            if (!given.add(name)) {
                throw new UsageException("option --" + name + " given twice");
            }
            if (option.valueOptional()) {
                options.put(name, eq < 0 ? "" : word.substring(eq + 1));
                continue;
            }
            if (!option.takesValue()) {
                if (eq < 0 || isTrue(spelled, word.substring(eq + 1))) {
                    options.put(name, "");
                }
                continue;
            }
            String value;
            if (eq >= 0) {
                value = word.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + spelled + " needs a value (" + option.valueName() + ")");
            }
            options.put(name, value);
        }
        return new ParsedArgs(command, options, List.copyOf(positionals));
    }

    /** The value of {@code --flag=VALUE}: {@code true} or {@code false}, as Go's flag package takes them. */
    private static boolean isTrue(String spelled, String value) throws UsageException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "1": return true;
            case "false": case "0": return false;
            default: throw new UsageException("option " + spelled + " takes no value but =true or =false, got '"
                    + value + "'");
        }
    }

    String command() {
        return command;
    }

    /** Whether the option (flag or valued) was given. */
    boolean has(String name) {
        return options.containsKey(name);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String value(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** The value of a required option. */
    String required(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("'" + command + "' needs --" + name);
        }
        return v;
    }

    List<String> positionals() {
        return positionals;
    }

    /** Fails unless exactly {@code names.length} positional words were given. */
    void expectPositionals(String... names) throws UsageException {
        if (positionals.size() != names.length) {
            String expected = names.length == 0 ? "no arguments" : String.join(" ", names);
            String got = positionals.isEmpty() ? "none" : String.join(" ", positionals);
            throw new UsageException("'" + command + "' expects " + expected + ", got " + got);
        }
    }
}
