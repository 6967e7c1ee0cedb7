package org.dtls4j.handshake.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed seed corpus of one fuzz target, where Jazzer looks for it: the test resource
 * directory {@code <package>/<FuzzerClass>Inputs/<method>/}, one input per file. The normal build
 * replays it ({@code CorpusReplayTest}) and mutates it ({@code CorpusMutationTest}); Jazzer starts
 * from it and, when it finds a crash, writes the input there too, so a finding becomes a
 * regression test.
 */
final class Corpus {
    /** One corpus file. */
    record Entry(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes)";
        }
    }

    private Corpus() {
    }

    static String resourceDir(Class<?> fuzzer, String method) {
        return fuzzer.getPackageName().replace('.', '/') + "/" + fuzzer.getSimpleName() + "Inputs/" + method;
    }

    /** The source directory of a target's corpus, relative to the module (the test's working directory). */
    static Path sourceDir(Class<?> fuzzer, String method) {
        return Path.of("src", "test", "resources").resolve(resourceDir(fuzzer, method));
    }

    static List<Entry> load(Class<?> fuzzer, String method) {
        URL url = fuzzer.getClassLoader().getResource(resourceDir(fuzzer, method));
        if (url == null) {
            throw new IllegalStateException("no seed corpus for " + fuzzer.getSimpleName() + "." + method);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Entry> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(new Entry(p.getFileName().toString(), Files.readAllBytes(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
