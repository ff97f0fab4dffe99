package dev.quicregistry.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced code block of a Markdown page: its language, its text, where it is, and what the page
 * says around it: the file name in bold just above it ({@code **`pom.xml`**}), and a hidden
 * comment just above that says what the snippet is given ({@code <!-- given: QuicServerRegistry servers -->}).
 */
record Snippet(Path page, int line, String language, String text, Optional<String> fileName, List<String> given) {

    private static final Pattern BLOCK = Pattern.compile("^```([a-z]*)\\n(.*?)^```", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern FILE_NAME = Pattern.compile("\\*\\*`([^`]+)`\\*\\*\\s*$");
    private static final Pattern GIVEN = Pattern.compile("<!-- given: (.*?) -->\\s*$");

    /** Every fenced block of {@code page}, in order. */
    static List<Snippet> of(Path page) throws IOException {
        String markdown = Files.readString(page);
        List<Snippet> snippets = new ArrayList<>();
        Matcher block = BLOCK.matcher(markdown);
        while (block.find()) {
            String before = markdown.substring(0, block.start()).stripTrailing();
            String lastLine = before.substring(before.lastIndexOf('\n') + 1);
            Matcher file = FILE_NAME.matcher(lastLine);
            Matcher given = GIVEN.matcher(lastLine);
            snippets.add(new Snippet(page, lineOf(markdown, block.start()), block.group(1), block.group(2),
                    file.find() ? Optional.of(file.group(1)) : Optional.empty(),
                    given.find() ? declarations(given.group(1)) : List.of()));
        }
        return snippets;
    }

    /** {@code text} split at each {@code ;} outside braces: a type given may have members. */
    static List<String> declarations(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (c == ';' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    /** The pages a user reads: README.md and every page of docs/. */
    static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (var docs = Files.list(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Where it is, for a test name or a failure message. */
    String where() {
        return page.getFileName() + ":" + line;
    }
}
