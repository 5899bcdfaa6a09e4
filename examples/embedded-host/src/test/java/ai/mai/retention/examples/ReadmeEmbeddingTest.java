package ai.mai.retention.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "Embedding" section shows the example's marked code; this keeps them equal, so the
 * README's code is code that compiles and runs (EmbeddedHostTest runs it).
 */
class ReadmeEmbeddingTest {

  static final Path EXAMPLE = Path.of("src/main/java/ai/mai/retention/examples/EmbeddedHost.java");
  static final Path README = Path.of("../../README.md");
  static final String MARKER = "<!-- the code of examples/embedded-host: EmbeddedHost.embed -->";

  @Test
  void theReadmeShowsExactlyTheExamplesMarkedCode() throws IOException {
    String example = Files.readString(EXAMPLE);
    String region =
        example.substring(
            example.indexOf("// tag::embedding[]\n") + "// tag::embedding[]\n".length(),
            example.indexOf("// end::embedding[]"));
    String readme = Files.readString(README);
    int marker = readme.indexOf(MARKER);
    assertThat(marker).as("the README has the marker " + MARKER).isPositive();
    int start = readme.indexOf("```java\n", marker) + "```java\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));

    assertThat(block).isEqualTo(dedent(region));
  }

  /** The region without the method body's indentation, as the README shows it. */
  static String dedent(String region) {
    List<String> lines = Arrays.asList(region.split("\n", -1));
    int indent =
        lines.stream()
            .filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
            .map(line -> line.isBlank() ? "" : line.substring(indent))
            .collect(Collectors.joining("\n"))
            .stripTrailing()
        + "\n";
  }
}
