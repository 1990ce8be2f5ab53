package dev.fluxion.nn.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated blocks of docs pages (the same format as autodiff-core's {@code DocsPages}): a block
 * sits between {@code <!-- generated:name -->} and {@code <!-- /generated:name -->}; a quoted
 * code region between {@code // docs:start name} and {@code // docs:end name}.
 */
final class DocBlocks {
  private static final Pattern BLOCK =
      Pattern.compile("(?s)<!-- generated:([a-z0-9-]+) -->\\n(.*?)<!-- /generated:\\1 -->");

  private DocBlocks() {}

  /** {@code page} with each block replaced; the block names must match exactly. */
  static String fill(String page, Map<String, String> blocks) {
    if (!blocksOf(page).keySet().equals(blocks.keySet())) {
      throw new IllegalArgumentException("the page has generated blocks " + blocksOf(page).keySet()
          + " but the generator makes " + blocks.keySet());
    }
    Matcher m = BLOCK.matcher(page);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      m.appendReplacement(sb, Matcher.quoteReplacement(
          "<!-- generated:" + name + " -->\n" + blocks.get(name) + "<!-- /generated:" + name + " -->"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The blocks of {@code page} by name, as they stand. */
  static Map<String, String> blocksOf(String page) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(page);
    while (m.find()) {
      if (out.put(m.group(1), m.group(2)) != null) {
        throw new IllegalArgumentException("generated block " + m.group(1) + " appears twice");
      }
    }
    return out;
  }

  /** Writes {@code page} with {@code blocks} filled in, atomically, if it changed. */
  static void update(Path page, Map<String, String> blocks) throws IOException {
    String text = Files.readString(page, StandardCharsets.UTF_8);
    String filled = fill(text, blocks);
    if (!filled.equals(text)) {
      Path tmp = page.resolveSibling(page.getFileName() + ".tmp");
      Files.writeString(tmp, filled, StandardCharsets.UTF_8);
      Files.move(tmp, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** A text code block of {@code lines}. */
  static String code(String... lines) {
    return "```text\n" + String.join("\n", lines) + "\n```\n";
  }

  /** The region {@code name} of a source file (relative to the module directory), dedented, as a Java block. */
  static String region(String source, String name) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      if (t.equals("// docs:start " + name)) {
        start = i;
      } else if (t.equals("// docs:end " + name)) {
        end = i;
      }
    }
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("no region " + name + " in " + source);
    }
    List<String> body = lines.subList(start + 1, end);
    int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    StringBuilder sb = new StringBuilder("```java\n");
    body.forEach(l -> sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
    return sb.append("```\n").toString();
  }
}
