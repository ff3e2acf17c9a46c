package io.vigil.bench;

/**
 * Runs one stage's main and ends the JVM when it throws: a stage's broker, Kafka clients or HTTP server threads would
 * otherwise keep a failed stage alive until the harness' time limit.
 */
public final class StageLauncher {
  private StageLauncher() {}

  public static void main(String[] args) {
    try {
      Class.forName(args[0]).getMethod("main", String[].class)
          .invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
    } catch (java.lang.reflect.InvocationTargetException e) {
      e.getCause().printStackTrace();
      System.exit(1);
    } catch (ReflectiveOperationException e) {
      e.printStackTrace();
      System.exit(2);
    }
  }
}
