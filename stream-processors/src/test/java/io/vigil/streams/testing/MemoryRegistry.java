package io.vigil.streams.testing;

import io.vigil.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** An in-memory schema registry for TopologyTestDriver tests: ids are list positions, everything is compatible. */
public final class MemoryRegistry implements SchemaRegistryClient {
  private final List<Schema> schemas = new ArrayList<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    int i = schemas.indexOf(schema);
    if (i >= 0) {
      return i + 1;
    }
    schemas.add(schema);
    return schemas.size();
  }

  @Override
  public synchronized Schema schemaById(int id) {
    return schemas.get(id - 1);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return true;
  }
}
