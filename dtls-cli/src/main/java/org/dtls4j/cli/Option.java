package org.dtls4j.cli;

/**
 * One {@code --name [VALUE]} option a command accepts.
 *
 * @param name      the option without its leading dashes, e.g. {@code "psk"}
 * @param valueName how the usage text names its value ({@code "HEX"}), or {@code null} for a flag
 * @param help      one line for the usage text
 */
record Option(String name, String valueName, String help) {

    static Option flag(String name, String help) {
        return new Option(name, null, help);
    }

    static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, help);
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** How the option appears in the usage text: {@code --psk HEX}. */
    String synopsis() {
        return "--" + name + (takesValue() ? " " + valueName : "");
    }
}
