package io.vigil.devstack.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Vigil service the dev stack can run: which module and main class, its heap limit, and how to tell it is ready.
 *
 * @param healthPath HTTP path answering 200 when ready, or null to treat "process alive after start-up" as ready
 */
public record ServiceSpec(String name, String module, String mainClass, String heap, int port, String healthPath,
                          Map<String, String> env, List<String> args) {

  /** The same service with these environment variables added (or replaced). */
  public ServiceSpec withEnv(Map<String, String> extra) {
    Map<String, String> merged = new HashMap<>(env);
    merged.putAll(extra);
    return new ServiceSpec(name, module, mainClass, heap, port, healthPath, Map.copyOf(merged), args);
  }

  /** Whether the module has been built with this main class (a service appears once its issue lands). */
  public boolean isBuilt(Path root) {
    Path cls = root.resolve(module).resolve("target/classes").resolve(mainClass.replace('.', '/') + ".class");
    return Files.exists(cls) && Files.exists(root.resolve(module).resolve("target/classpath.txt"));
  }
}
