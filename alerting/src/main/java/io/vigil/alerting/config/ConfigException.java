package io.vigil.alerting.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is invalid; each problem carries the line and column it was found at. */
public final class ConfigException extends RuntimeException {
  /** One problem at one place in the file. */
  public record Problem(int line, int column, String message) {
    @Override
    public String toString() {
      return "line " + line + ", column " + column + ": " + message;
    }
  }

  private final List<Problem> problems;

  public ConfigException(String source, List<Problem> problems) {
    super(source + ": " + problems.size() + " problem(s)\n  "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
