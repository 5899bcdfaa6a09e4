package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import java.util.Map;

/**
 * Writes {@code {"org":{"records":n,"tokens":n,"cost":"0.12"}}} for the audit table's {@code
 * organization_breakdown} column, with {@code "not_summed":n} where rows stayed out of the sums.
 * Cost is a string so that no reader turns it into a binary float.
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
      if (totals.notSummed() > 0) {
        // Rows counted in "records" whose tokens and cost are not in the sums.
        json.append(",\"not_summed\":").append(totals.notSummed());
      }
      json.append('}');
    }
    return json.append('}').toString();
  }

  private static void appendString(StringBuilder json, String value) {
    JsonText.appendString(json, value);
  }
}
