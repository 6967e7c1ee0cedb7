package org.dtls4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsedArgsTest {
    private static final List<Option> OPTIONS = List.of(
            Option.value("psk", "HEX", "key"),
            Option.value("count", "N", "how many"),
            Option.flag("insecure", "no checks"),
            Option.value("psk-identity", "ID", "who").alias("identity"),
            Option.flag("skip-hello-verify", "no cookie").alias("no-cookie"));

    private static ParsedArgs parse(String... args) throws UsageException {
        return ParsedArgs.parse("test", OPTIONS, List.of(args));
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void valuesInBothFormsFlagsAndPositionals() throws UsageException {
        ParsedArgs a = parse("one", "--psk", "abcd", "--count=3", "two", "--insecure");
        assertEquals("abcd", a.value("psk").orElseThrow());
        assertEquals("3", a.value("count", "9"));
        assertTrue(a.has("insecure"));
        assertEquals(List.of("one", "two"), a.positionals());
    }

    @Test
    void absentOptionsHaveNoValueAndTheFallbackApplies() throws UsageException {
        ParsedArgs a = parse();
        assertFalse(a.has("psk"));
        assertTrue(a.value("psk").isEmpty());
        assertEquals("7", a.value("count", "7"));
        assertEquals("'test' needs --psk", assertThrows(UsageException.class, () -> a.required("psk")).getMessage());
    }

    @Test
    void doubleDashEndsOptionsAndALoneDashIsPositional() throws UsageException {
        ParsedArgs a = parse("--count", "1", "--", "--psk", "-x");
        assertEquals(List.of("--psk", "-x"), a.positionals());
        assertFalse(a.has("psk"));
        assertEquals(List.of("-"), parse("-").positionals());
    }

    @Test
    void everyOptionAlsoTakesOneDashAsDtlspipeWritesIt() throws UsageException {
        ParsedArgs a = parse("-psk", "abcd", "-count=3", "server", "-insecure", "-identity", "me");
        assertEquals("abcd", a.value("psk").orElseThrow());
        assertEquals("3", a.value("count", "9"));
        assertTrue(a.has("insecure"));
        assertEquals("me", a.value("psk-identity").orElseThrow(), "read by its canonical name");
        assertEquals(List.of("server"), a.positionals());
        assertEquals("unknown option -pks for 'test'", error("-pks", "00"));
    }

    @Test
    void aliasesAnswerForTheCanonicalName() throws UsageException {
        assertEquals("me", parse("--identity", "me").value("psk-identity").orElseThrow());
        assertEquals("me", parse("--psk-identity=me").value("psk-identity").orElseThrow());
        assertTrue(parse("--no-cookie").has("skip-hello-verify"));
        assertFalse(parse("--no-cookie").has("no-cookie"), "only the canonical name is read");
        assertEquals("option --psk-identity given twice", error("--identity", "a", "--psk-identity", "b"));
        assertEquals("option --skip-hello-verify given twice", error("--no-cookie", "-skip-hello-verify=false"));
    }

    @Test
    void aFlagTakesTrueOrFalseAsGosFlagPackageDoes() throws UsageException {
        for (String on : List.of("--skip-hello-verify", "--skip-hello-verify=true", "-skip-hello-verify=true",
                "--no-cookie=TRUE", "--insecure=1")) {
            assertTrue(parse(on).has(on.startsWith("--insecure") ? "insecure" : "skip-hello-verify"), on);
        }
        for (String off : List.of("--skip-hello-verify=false", "-skip-hello-verify=false", "--no-cookie=False",
                "--insecure=0")) {
            assertFalse(parse(off).has(off.contains("insecure") ? "insecure" : "skip-hello-verify"), off);
        }
        assertEquals(List.of("false"), parse("--skip-hello-verify", "false").positionals(),
                "as in Go, a flag's value goes after '=': a separate word is a positional");
    }

    @Test
    void aValueMayItselfStartWithDashesWhenGivenWithEquals() throws UsageException {
        assertEquals("--odd", parse("--psk=--odd").value("psk").orElseThrow());
        assertEquals("", parse("--psk=").value("psk").orElseThrow());
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("unknown option --pks for 'test'", error("--pks", "00"));
        assertEquals("option --psk needs a value (HEX)", error("--psk"));
        assertEquals("option --insecure takes no value but =true or =false, got 'yes'", error("--insecure=yes"));
        assertEquals("option --count given twice", error("--count", "1", "--count", "2"));
    }

    @Test
    void positionalCountIsChecked() throws UsageException {
        parse("a", "b").expectPositionals("X", "Y");
        assertEquals("'test' expects X Y, got a",
                assertThrows(UsageException.class, () -> parse("a").expectPositionals("X", "Y")).getMessage());
        assertEquals("'test' expects no arguments, got stray",
                assertThrows(UsageException.class, () -> parse("stray").expectPositionals()).getMessage());
    }
}
