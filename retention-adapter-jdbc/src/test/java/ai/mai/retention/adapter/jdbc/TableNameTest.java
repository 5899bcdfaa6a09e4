package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableNameTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "processed_generations",
        "_t",
        "T2",
        "a23456789012345678901234567890123456789012345678901234567890123"
      })
  void plainIdentifiersAreAccepted(String name) {
    assertThat(TableName.of(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2fast",
        "processed generations",
        "public.processed_generations",
        "\"quoted\"",
        "t;DROP TABLE x",
        "t--",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void anythingElseIsRejectedNamingTheValue(String name) {
    assertThatThrownBy(() -> TableName.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'");
  }

  @org.junit.jupiter.api.Test
  void nullIsRejected() {
    assertThatThrownBy(() -> TableName.of(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
