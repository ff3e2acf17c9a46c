package io.vigil.streams.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB off-heap memory for all stores of the process: one shared block cache, with memtables charged to it
 * (the recipe from the Kafka Streams memory-management docs). Size from {@link #CACHE_BYTES_CONFIG}.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
  public static final String CACHE_BYTES_CONFIG = "vigil.rocksdb.cache.bytes";
  private static Cache cache;
  private static WriteBufferManager writeBufferManager;

  private static synchronized void initShared(long totalBytes) {
    if (cache == null) {
      cache = new LRUCache(totalBytes, -1, false, 0.1);
      writeBufferManager = new WriteBufferManager(totalBytes / 2, cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object size = configs.get(CACHE_BYTES_CONFIG);
    initShared(size == null ? 64L << 20 : Long.parseLong(size.toString()));
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBufferManager);
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(8L << 20);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache is shared by every store of the process: never closed per store
  }
}
