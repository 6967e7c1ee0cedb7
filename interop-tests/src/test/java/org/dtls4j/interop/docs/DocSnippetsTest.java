package org.dtls4j.interop.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.transport.DtlsClient;
import org.dtls4j.transport.DtlsConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README, the module READMEs and {@code docs/} compiles against this
 * build's modules ({@link DocSnippets} says how a block becomes a source file), so the documentation
 * cannot drift from the API. The event loop of {@code docs/EVENT-LOOP.md} also runs: a
 * {@link DtlsClient} handshakes with it and gets its datagram echoed.
 */
@Timeout(120)
class DocSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path out;

    @Test
    void everyJavaBlockCompiles() throws IOException {
        List<DocSnippets.Snippet> snippets = new ArrayList<>();
        for (Path md : DocSnippets.markdownFiles(ROOT)) {
            snippets.addAll(DocSnippets.read(ROOT, md, snippets.size()));
        }
        assertTrue(snippets.size() >= 15, "found only " + snippets.size() + " Java blocks");
        List<String> failures = new ArrayList<>();
        for (DocSnippets.Snippet s : snippets) {
            // whole source files of one package (a README showing a server and its client) compile together
            List<DocSnippets.Snippet> together = s.isCompilationUnit()
                    ? snippets.stream().filter(o -> o.isCompilationUnit() && o.packageName().equals(s.packageName())).toList()
                    : List.of(s);
            String asStatements = compile(together, s, false, out.resolve("s" + s.number()));
            if (asStatements == null) {
                continue;
            }
            if (!s.isCompilationUnit() && compile(List.of(s), s, true, out.resolve("m" + s.number())) == null) {
                continue;
            }
            failures.add(s.where() + "\n" + asStatements);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + snippets.size() + " documentation blocks do not compile:\n\n"
                    + String.join("\n", failures));
        }
    }

    @Test
    void theEventLoopOfTheDocsServesAClient() throws Exception {
        DocSnippets.Snippet loop = DocSnippets.read(ROOT, ROOT.resolve("docs/EVENT-LOOP.md"), 0).stream()
                .filter(s -> s.className().equals("EchoLoop")).findFirst().orElseThrow();
        Path classes = out.resolve("loop");
        String errors = compile(List.of(loop), loop, false, classes);
        assertEquals(null, errors, errors);
        byte[] identity = "docs".getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[16];
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
             DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Class<?> type = loader.loadClass(loop.packageName() + ".EchoLoop");
            Object server = type.getConstructor(DtlsConfig.class)
                    .newInstance(DtlsConfig.builder().pskStore(id -> key).build());
            long stopAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread serving = new Thread(() -> {
                try {
                    type.getMethod("run", DatagramChannel.class, long.class).invoke(server, channel, stopAt);
                } catch (InvocationTargetException e) {
                    if (channel.isOpen()) {
                        failure.set(e.getCause()); // not the close at the end of the test
                    }
                } catch (ReflectiveOperationException e) {
                    failure.set(e);
                }
            }, "docs-echo-loop");
            serving.setDaemon(true);
            serving.start();
            DtlsConfig client = DtlsConfig.builder().psk(identity, key).build();
            for (int i = 0; i < 2; i++) {
                try (DtlsConnection c = DtlsClient.connect((InetSocketAddress) channel.getLocalAddress(), client,
                        Duration.ofSeconds(10))) {
                    byte[] hello = ("hello " + i).getBytes(StandardCharsets.US_ASCII);
                    c.send(hello);
                    assertArrayEquals(hello, c.receive(Duration.ofSeconds(10)));
                } catch (Exception e) {
                    throw new AssertionError("the loop of docs/EVENT-LOOP.md failed: " + failure.get(), e);
                }
            }
        }
    }

    /**
     * Compiles {@code blocks} together; null when they compiled, else the compiler's messages about
     * {@code s} (one of them).
     */
    private static String compile(List<DocSnippets.Snippet> blocks, DocSnippets.Snippet s, boolean asMembers,
                                  Path classes) throws IOException {
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String source = s.source(asMembers);
        List<JavaFileObject> files = blocks.stream().map(b -> sourceFile(b, asMembers)).toList();
        StringWriter output = new StringWriter();
        try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", classPath(), "-d", classes.toString(), "-proc:none",
                    "--release", "17");
            boolean ok = javac.getTask(output, manager, diagnostics, options, null, files).call();
            if (ok) {
                return null;
            }
        }
        StringBuilder b = new StringBuilder();
        String name = s.className() + ".java";
        diagnostics.getDiagnostics().stream()
                .filter(d -> d.getSource() == null || d.getSource().getName().endsWith(name))
                .forEach(d -> b.append("  line ").append(d.getLineNumber()).append(": ")
                        .append(d.getMessage(null)).append('\n'));
        return b + "  --- as compiled" + (asMembers ? " (as class members)" : "") + ":\n" + source;
    }

    private static JavaFileObject sourceFile(DocSnippets.Snippet s, boolean asMembers) {
        String source = s.source(asMembers);
        return new SimpleJavaFileObject(
                URI.create("string:///" + s.packageName().replace('.', '/') + "/" + s.className() + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
    }

    /** The test's class path, opening Surefire's manifest-only jar if that is what it is. */
    private static String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("surefirebooter")) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String url : cp.trim().split("\\s+")) {
                            entries.add(Path.of(URI.create(url.startsWith("file:") ? url : "file:" + url)).toString());
                        }
                    }
                }
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
