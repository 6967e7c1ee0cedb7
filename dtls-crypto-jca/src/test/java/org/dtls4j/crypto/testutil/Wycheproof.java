package org.dtls4j.crypto.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads a Wycheproof vector file from the test resources into flat test cases. */
public final class Wycheproof {

    /** One test case with the fields of its group. */
    public static final class Case {
        public final Map<String, Object> group;
        public final Map<String, Object> test;

        Case(Map<String, Object> group, Map<String, Object> test) {
            this.group = group;
            this.test = test;
        }

        public long tcId() {
            return (Long) test.get("tcId");
        }

        public String result() {
            return (String) test.get("result");
        }

        public String comment() {
            return (String) test.get("comment");
        }

        @SuppressWarnings("unchecked")
        public List<String> flags() {
            return (List<String>) test.get("flags");
        }

        public byte[] hex(String field) {
            return Hex.bytes(Objects.requireNonNull((String) test.get(field), field));
        }

        public int groupInt(String field) {
            return ((Long) group.get(field)).intValue();
        }

        public String groupString(String field) {
            return (String) group.get(field);
        }

        public byte[] groupHex(String field) {
            return Hex.bytes((String) group.get(field));
        }

        @Override
        public String toString() {
            return "tcId " + tcId() + " (" + result() + ", " + comment() + ", " + flags() + ")";
        }
    }

    private Wycheproof() {
    }

    @SuppressWarnings("unchecked")
    public static List<Case> load(String file) {
        String text;
        try (InputStream in = Wycheproof.class.getResourceAsStream("/wycheproof/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource wycheproof/" + file);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> root = (Map<String, Object>) Json.parse(text);
        List<Case> cases = new ArrayList<>();
        for (Object g : (List<Object>) root.get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            for (Object t : (List<Object>) group.get("tests")) {
                cases.add(new Case(group, (Map<String, Object>) t));
            }
        }
        long declared = (Long) root.get("numberOfTests");
        if (declared != cases.size()) {
            throw new IllegalStateException(file + " declares " + declared + " tests but holds " + cases.size());
        }
        return cases;
    }
}
