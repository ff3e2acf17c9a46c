package io.vigil.queryapi.problem;

import io.micronaut.http.HttpStatus;

/** A request failure that maps to one problem+json answer (status, title, detail, offending parameter). */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String param;

  public ApiException(HttpStatus status, String detail, String param) {
    super(detail);
    this.status = status;
    this.param = param;
  }

  public static ApiException badParam(String param, String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, detail, param);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, detail, null);
  }

  public HttpStatus status() {
    return status;
  }

  public String param() {
    return param;
  }
}
