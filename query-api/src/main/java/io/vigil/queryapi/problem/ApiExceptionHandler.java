package io.vigil.queryapi.problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers {@link ApiException} with its status and the offending parameter. */
@Produces
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
  @Override
  public HttpResponse<?> handle(HttpRequest request, ApiException e) {
    return Problem.response(e.status(), e.getMessage(), e.param(), request.getPath());
  }
}
