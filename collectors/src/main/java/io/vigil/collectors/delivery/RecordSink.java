package io.vigil.collectors.delivery;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Where sources hand their records; returning means the records are durably accepted (spooled). */
public interface RecordSink {
  void publish(List<? extends SpecificRecord> records);
}
