package io.vigil.collectors.commands;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import jakarta.annotation.PreDestroy;
import java.util.List;

/** Runs the command listener with every collect_now-capable source; off with vigil.commands.enabled=false. */
@Context
@Requires(property = "vigil.commands.enabled", notEquals = "false")
public class CommandSources {
  private final CommandListener listener;

  public CommandSources(AgentConfig config, List<CollectNowHandler> handlers) {
    this.listener = new CommandListener(config.kafkaBootstrap(), new RestSchemaRegistryClient(config.schemaRegistryUrl()),
        config.nodeId(), handlers).start();
  }

  @PreDestroy
  void stop() {
    listener.close();
  }
}
