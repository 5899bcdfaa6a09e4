package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvLinesTest {

  @Test
  void nullIsAnEmptyFieldAndAnEmptyStringAQuotedOne() {
    assertThat(CsvLines.line(new String[] {"a", null, "", "b"})).isEqualTo("a,,\"\",b\n");
  }

  @Test
  void commasQuotesLineBreaksAndTheCopyEndMarkerAreQuoted() {
    assertThat(CsvLines.line(new String[] {"x,y", "say \"hi\"", "two\nlines", "\\.", "cr\r"}))
        .isEqualTo("\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\"\\.\",\"cr\r\"\n");
  }

  @Test
  void numbersAndPlainTextStayAsTheyAre() {
    assertThat(CsvLines.line(new String[] {"0.30000000000000004", "1.0E-7", "org a"}))
        .isEqualTo("0.30000000000000004,1.0E-7,org a\n");
  }
}
