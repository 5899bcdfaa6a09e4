package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DateTypeHandlerTest {

  private static final LocalDate DAY = LocalDate.parse("2026-05-01");

  @Test
  void readsWhatEitherDatabaseOrALegacyWriterStored() {
    assertThat(DateTypeHandler.toDate("2026-05-01")).isEqualTo(DAY);
    assertThat(DateTypeHandler.toDate("2026-05-01 13:45:00")).isEqualTo(DAY);
    assertThat(DateTypeHandler.toDate(java.sql.Date.valueOf(DAY))).isEqualTo(DAY);
    assertThat(DateTypeHandler.toDate(1777593600000L)).isEqualTo(DAY);
    assertThat(DateTypeHandler.toDate(null)).isNull();
    assertThat(DateTypeHandler.toDate(" ")).isNull();
  }
}
