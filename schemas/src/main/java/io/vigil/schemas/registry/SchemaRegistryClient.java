package io.vigil.schemas.registry;

import org.apache.avro.Schema;

/** The part of the Confluent Schema Registry API the serdes need. */
public interface SchemaRegistryClient {
  /** Registers (or finds) the schema under the subject and returns its global id. */
  int register(String subject, Schema schema);

  /** The schema with this global id. */
  Schema schemaById(int id);

  /** Whether the schema may be registered under the subject given its latest version and compatibility level. */
  boolean isCompatible(String subject, Schema schema);
}
