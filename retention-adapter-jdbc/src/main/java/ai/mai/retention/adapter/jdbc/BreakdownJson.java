package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import java.util.Map;

/**
 * Writes {@code {"org":{"records":n,"tokens":n,"cost":"0.12"}}} for the audit table's {@code
 * organization_breakdown} column. Cost is a string so that no reader turns it into a binary float.
 */
final class BreakdownJson {

  private BreakdownJson() {}

  static String write(OrganizationBreakdown breakdown) {
    StringBuilder json = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, OrganizationTotals> entry : breakdown.byOrganization().entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      OrganizationTotals totals = entry.getValue();
      appendString(json, entry.getKey());
      json.append(":{\"records\":")
          .append(totals.records())
          .append(",\"tokens\":")
          .append(totals.tokens())
          .append(",\"cost\":");
      appendString(json, totals.cost().toPlainString());
      json.append('}');
    }
    return json.append('}').toString();
  }

  static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
