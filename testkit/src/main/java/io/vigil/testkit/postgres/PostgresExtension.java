package io.vigil.testkit.postgres;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** JUnit 5: {@code @ExtendWith(PostgresExtension.class)} injects the JVM-wide embedded {@link Postgres}. */
public final class PostgresExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Postgres.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return Postgres.shared();
  }
}
