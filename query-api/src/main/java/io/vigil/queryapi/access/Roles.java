package io.vigil.queryapi.access;

/** Role names carried in the JWT {@code roles} claim; higher roles include the lower ones. */
public final class Roles {
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";

  private Roles() {}
}
