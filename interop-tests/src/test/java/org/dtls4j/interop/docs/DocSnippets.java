package org.dtls4j.interop.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java code blocks of the project's Markdown files, and the source file each becomes for the
 * compiler. A block is either a whole compilation unit (it declares a type at its top level), or
 * statements, which are wrapped in a method, or, when statements do not compile, class members.
 * Its {@code import} lines stay imports; nothing else is imported for it, so a block shows
 * everything a reader has to write.
 *
 * <p>A block that declares its package keeps it. An HTML comment on the line before a block may give what the block takes from its context,
 * which the page describes in words:
 * <pre>
 *   &lt;!-- snippet: context DtlsEngine engine, long now --&gt;   parameters of the wrapping method
 *   &lt;!-- snippet: package org.dtls4j.interop --&gt;            the block's package (to reach package-private test helpers)
 * </pre>
 * Parameter types must be imported by the block or be fully qualified.
 */
final class DocSnippets {
    private static final Pattern PACKAGE = Pattern.compile("package\\s+([\\w.]+)\\s*;\\s*");
    private static final Pattern DIRECTIVE = Pattern.compile("<!--\\s*snippet:(.*)-->");
    private static final Pattern TOP_LEVEL_TYPE =
            Pattern.compile("(?m)^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    /** One block: where it is, and the directives before it. */
    record Snippet(Path file, int line, int number, String code, String context, String packageName) {
        String where() {
            return file + ":" + line;
        }

        boolean isCompilationUnit() {
            return TOP_LEVEL_TYPE.matcher(withoutImports()).find();
        }

        String imports() {
            StringBuilder b = new StringBuilder();
            code.lines().filter(l -> l.startsWith("import ")).forEach(l -> b.append(l).append('\n'));
            return b.toString();
        }

        /** The code without its package and import lines. */
        String withoutImports() {
            StringBuilder b = new StringBuilder();
            code.lines().filter(l -> !l.startsWith("import ") && !PACKAGE.matcher(l).matches())
                    .forEach(l -> b.append(l).append('\n'));
            return b.toString();
        }

        /** The name of the class the compiler is given: the block's public type, or a made-up one. */
        String className() {
            Matcher m = PUBLIC_TYPE.matcher(withoutImports());
            return isCompilationUnit() && m.find() ? m.group(1) : "Snippet" + number;
        }

        /** The source for the compiler; {@code asMembers} wraps statements as class members instead. */
        String source(boolean asMembers) {
            String header = "package " + packageName + ";\n" + imports();
            if (isCompilationUnit()) {
                return header + withoutImports();
            }
            String body = withoutImports();
            return header + "@SuppressWarnings(\"all\") class " + className() + " {\n"
                    + (asMembers ? body : "void run(" + context + ") throws Exception {\n" + body + "}\n")
                    + "}\n";
        }
    }

    private DocSnippets() {
    }

    /** README.md, every module's README.md and docs/*.md under {@code root}. */
    static List<Path> markdownFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The ```java blocks of one file, each in a package of its own ({@code snippets.s<n>}) unless told. */
    static List<Snippet> read(Path root, Path file, int firstNumber) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals("```java")) {
                continue;
            }
            String context = "";
            int number = firstNumber + out.size();
            String pkg = "snippets.s" + number;
            Matcher d = i > 0 ? DIRECTIVE.matcher(lines.get(i - 1)) : null;
            if (d != null && d.find()) {
                for (String part : d.group(1).split(";")) {
                    String p = part.trim();
                    if (p.startsWith("context ")) {
                        context = p.substring("context ".length());
                    } else if (p.startsWith("package ")) {
                        pkg = p.substring("package ".length());
                    } else if (!p.isEmpty()) {
                        throw new IllegalArgumentException(file + ":" + i + ": unknown snippet directive " + p);
                    }
                }
            }
            StringBuilder code = new StringBuilder();
            int start = i + 1;
            for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
                Matcher declared = PACKAGE.matcher(lines.get(i));
                if (declared.matches()) {
                    pkg = declared.group(1); // a whole source file shown as it is
                }
                code.append(lines.get(i)).append('\n');
            }
            out.add(new Snippet(root.relativize(file), start, number, code.toString(), context, pkg));
        }
        return out;
    }
}
