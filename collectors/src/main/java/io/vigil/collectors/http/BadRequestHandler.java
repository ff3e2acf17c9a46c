package io.vigil.collectors.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers {@link BadRequest} with 400 problem+json and counts it. */
@Produces
@Singleton
@Requires(classes = {BadRequest.class, ExceptionHandler.class})
public class BadRequestHandler implements ExceptionHandler<BadRequest, HttpResponse<?>> {
  private final RejectCounter rejects;

  public BadRequestHandler(RejectCounter rejects) {
    this.rejects = rejects;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, BadRequest e) {
    rejects.count(e.reason());
    return Problems.response(HttpStatus.BAD_REQUEST, e.getMessage(), request.getPath());
  }
}
