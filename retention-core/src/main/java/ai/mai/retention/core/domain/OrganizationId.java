package ai.mai.retention.core.domain;

import java.util.regex.Pattern;

/**
 * A client organization (tenant) as named in a retention policy. Ids that come back from the
 * database are plain strings; this type guards what operators type into policy settings, so that a
 * typo cannot silently widen or narrow a delete.
 */
public record OrganizationId(String value) implements Comparable<OrganizationId> {

  /** Letters, digits and {@code . _ : @ -}; no spaces, quotes, commas or equals signs. */
  public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@-]+");

  public static final int MAX_LENGTH = 128;

  public OrganizationId {
    if (value == null || value.isEmpty()) {
      throw new InvalidPolicyException("organization id is empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidPolicyException(
          "organization id '"
              + value.substring(0, 20)
              + "...' is longer than "
              + MAX_LENGTH
              + " characters");
    }
    if (!SAFE.matcher(value).matches()) {
      throw new InvalidPolicyException(
          "organization id '" + value + "' has characters outside the safe set [A-Za-z0-9._:@-]");
    }
  }

  @Override
  public int compareTo(OrganizationId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
