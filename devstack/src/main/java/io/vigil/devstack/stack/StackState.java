package io.vigil.devstack.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a running dev stack wrote about itself, so `status` and `down` from another terminal can find it. */
public record StackState(long pid, String startedAt, List<Component> components, Map<String, String> endpoints) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One running part: a process of its own (pid) or a part of the `up` process itself (pid = up's pid). */
  public record Component(String name, long pid, int port, String health, String log) {}

  public static StackState empty(long pid, String startedAt) {
    return new StackState(pid, startedAt, new ArrayList<>(), new LinkedHashMap<>());
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static Optional<StackState> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), StackState.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
