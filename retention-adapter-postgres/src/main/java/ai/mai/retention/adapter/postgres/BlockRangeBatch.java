package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;

/** Parameters of one physical-order batch: heap blocks {@code [fromBlock, toBlock)}. */
public final class BlockRangeBatch extends CriteriaParameters {

  /** The largest block number a {@code tid} can hold. */
  static final long MAX_BLOCK = 0xFFFF_FFFFL;

  private final long fromBlock;
  private final long toBlock;

  BlockRangeBatch(CriteriaParameters sweep, int batchSize, long fromBlock, long toBlock) {
    super(sweep, batchSize);
    if (fromBlock < 0 || toBlock <= fromBlock || toBlock > MAX_BLOCK) {
      throw new IllegalArgumentException("bad block range [" + fromBlock + ", " + toBlock + ")");
    }
    this.fromBlock = fromBlock;
    this.toBlock = toBlock;
  }

  /** The first tuple of the first block, as {@code tid} text. */
  public String getFromTid() {
    return "(" + fromBlock + ",0)";
  }

  /** The first tuple after the range, as {@code tid} text. */
  public String getToTid() {
    return "(" + toBlock + ",0)";
  }
}
